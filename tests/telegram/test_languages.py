"""A Telegram user's language, from `language_code` to the replies they read."""

from __future__ import annotations

import json

from bot.commands.base import Command, Context
from bot.commands.declare import Args
from bot.types import Reply
from tests.telegram.conftest import Harness, sent_texts, without_disclaimer
from tests.telegram.fake_bot_api import BOT_USERNAME, FakeUser

BEATRIZ = FakeUser(2001, "Beatriz", "Souza", language_code="pt-br")
ANA = FakeUser(2002, "Ana", "Lopez")


async def test_a_brazilian_user_gets_start_and_help_in_portuguese(telegram: Harness) -> None:
    start = "\n".join(sent_texts(await telegram.say(BEATRIZ, "/start")))
    assert "Oi! Eu sou o hipcoach" in start
    assert "vamos montar seu perfil" in start
    assert "Quantos dias" not in start and "Qual é o seu objetivo?" in start
    assert "Hi!" not in start and "Let's" not in start
    help_text = "\n".join(sent_texts(await telegram.say(BEATRIZ, "/help")))
    assert "Ajuda do hipcoach" in help_text
    assert "/help — o que eu faço e quais são meus comandos" in help_text
    assert "/stop — parar de receber mensagens minhas" in help_text
    assert "não orientação médica" in help_text  # the disclaimer too
    stop = sent_texts(await telegram.say(BEATRIZ, "/stop"))[0]
    assert stop.startswith("Feito:")


async def test_profile_language_switches_the_replies_to_english(telegram: Harness) -> None:
    await telegram.say(BEATRIZ, "/start")
    saved = sent_texts(await telegram.say(BEATRIZ, "/profile language en"))[0]
    assert "Saved." in saved and "Language: English" in saved
    assert "Hi! I'm hipcoach" in "\n".join(sent_texts(await telegram.say(BEATRIZ, "/start")))
    help_text = "\n".join(sent_texts(await telegram.say(BEATRIZ, "/help")))
    assert "/help — what I do and my commands" in help_text and "Ajuda" not in help_text
    back = sent_texts(await telegram.say(BEATRIZ, "/profile language pt-BR days 3"))[0]
    assert (
        "Salvo." in back and "Dias por semana: 3" in back and "Idioma: português (Brasil)" in back
    )


async def test_a_language_the_bot_does_not_speak_changes_nothing(telegram: Harness) -> None:
    await telegram.say(BEATRIZ, "/start")
    refusal = sent_texts(await telegram.say(BEATRIZ, "/profile language fr days 2"))[0]
    assert "en, es, pt-BR" in refusal
    profile = "\n".join(sent_texts(await telegram.say(BEATRIZ, "/profile goal soften")))
    assert "Salvo." in profile and "Dias por semana: não definido" in profile


async def test_no_language_code_means_english(telegram: Harness) -> None:
    assert any("Hi! I'm hipcoach" in text for text in sent_texts(await telegram.say(ANA, "/start")))


async def test_mydata_shows_the_language(telegram: Harness) -> None:
    await telegram.say(BEATRIZ, "/start")
    calls = await telegram.say(BEATRIZ, "/mydata")
    document = next(call for call in calls if call.method == "sendDocument")
    _filename, data = document.files["document"]
    assert json.loads(data)["athlete"]["language"] == "pt-BR"


async def test_a_language_code_seen_later_still_sets_the_language(telegram: Harness) -> None:
    silent = FakeUser(2003, "Caio")
    assert "Hi!" in sent_texts(await telegram.say(silent, "/start"))[0]
    told = FakeUser(2003, "Caio", language_code="pt")
    assert "Oi!" in sent_texts(await telegram.say(told, "/start"))[0]
    later = FakeUser(2003, "Caio", language_code="es")  # only `profile language` changes it now
    assert "Oi!" in sent_texts(await telegram.say(later, "/start"))[0]


GROUP_ID = -100300


def _group(telegram: Harness) -> dict[str, object]:
    telegram.fake.admins[GROUP_ID] = set()
    return telegram.fake.group_chat(GROUP_ID, "Clube dos Glúteos")


async def test_group_refusals_are_in_the_users_language(telegram: Harness) -> None:
    group = _group(telegram)
    refusal = sent_texts(await telegram.say(BEATRIZ, "/profile", group))
    link = f"https://t.me/{BOT_USERNAME}?start=profile"
    assert refusal == [
        f"/profile funciona numa conversa privada comigo: abra {link} e toque em Começar."
    ]
    create = '/challenge create "Março" sessions 2026-03-02 2026-03-29'
    refused = sent_texts(await telegram.say(BEATRIZ, create, group))
    assert refused == ["Só quem administra o grupo pode criar desafios."]
    checkins = sent_texts(await telegram.say(BEATRIZ, "/checkins on", group))[0]
    assert checkins.startswith("Os check-ins chegam por mensagem privada")
    assert f"https://t.me/{BOT_USERNAME}?start=checkins" in checkins


async def test_the_sent_privately_note_is_in_the_users_language(telegram: Harness) -> None:
    group = _group(telegram)
    await telegram.say(BEATRIZ, "/start")
    calls = await telegram.say(BEATRIZ, "/mydata", group)
    in_group = [call.text for call in without_disclaimer(calls) if call.chat_id == GROUP_ID]
    assert in_group == ["Mandei os detalhes para você numa mensagem privada."]

    spanish = FakeUser(2004, "Lucía", language_code="es")
    telegram.fake.blocked.add(spanish.id)  # never started the bot
    calls = await telegram.say(spanish, "/link", group)
    in_group = [call.text for call in without_disclaimer(calls) if call.chat_id == GROUP_ID]
    assert in_group == [
        f"Todavía no puedo escribirte en privado: abre un chat con @{BOT_USERNAME}, "
        "toca Iniciar y vuelve a intentarlo."
    ]


async def test_a_bug_is_apologised_for_in_portuguese(telegram: Harness) -> None:
    async def broken(_context: Context, _args: Args) -> list[Reply]:
        raise RuntimeError("a bug in a feature")

    telegram.app.router.registry.add(Command("broken", "always fails", broken))
    apology = sent_texts(await telegram.say(BEATRIZ, "/broken"))
    assert apology == ["Desculpe, algo deu errado do meu lado. Tente de novo daqui a pouco."]
