"""A Telegram user's language, from `language_code` to the replies they read."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

from PIL import Image

from bot.clock import ManualClock
from bot.commands.base import Command, Context
from bot.commands.declare import Args
from bot.types import Reply
from tests.telegram.conftest import Harness, sent_texts, set_up_checkins, without_disclaimer
from tests.telegram.fake_bot_api import BOT_USERNAME, Call, FakeUser

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


# The fixture clock starts on Monday 2026-03-02 09:00 UTC; 18:00 in Berlin is 17:00 UTC.
CHECKIN_DUE = datetime(2026, 3, 2, 17, 0, 30, tzinfo=UTC)
NEXT_DUE = datetime(2026, 3, 4, 17, 0, 30, tzinfo=UTC)


async def _checkin(telegram: Harness) -> Call:
    """Run the check-in dispatcher once, as the scheduler would; the one DM it sent."""
    start = len(telegram.fake.calls)
    job = next(job for job in telegram.app.periodic_jobs if job.name == "checkins.dispatch")
    await job.run()
    sent = [call for call in telegram.fake.calls[start:] if call.method == "sendMessage"]
    assert len(sent) == 1
    return sent[0]


def _labels(call: Call) -> list[str]:
    markup = call.json("reply_markup") or {}
    return [button["text"] for row in markup.get("inline_keyboard", []) for button in row]


def _chart_text(calls: list[Call]) -> str:
    """The progress chart's labels, as the image describes itself (PNG text chunks)."""
    photo = next(call for call in calls if call.method == "sendPhoto")
    with Image.open(io.BytesIO(photo.files["photo"][1])) as image:
        return "\n".join(str(value) for value in image.text.values())  # type: ignore[attr-defined]


async def test_a_brazilian_user_gets_a_portuguese_checkin_and_chart_until_english(
    telegram: Harness, clock: ManualClock
) -> None:
    await set_up_checkins(telegram, BEATRIZ)
    clock.set(CHECKIN_DUE)
    checkin = await _checkin(telegram)
    assert "Check-in de segunda-feira" in checkin.text and "Como foi?" in checkin.text
    assert "séries x" in checkin.text and "descanso" in checkin.text  # the dose lines
    assert " sets x " not in checkin.text and "rest " not in checkin.text
    assert "Hoje:" in checkin.text and "treino de glúteo lateral" in checkin.text
    assert _labels(checkin) == ["Feito", "Em parte", "Pulei", "Dor", "Adiar 1 h"]
    done = next(action for action in checkin.button_actions if action.endswith(":done"))
    await telegram.press(BEATRIZ, checkin, done)
    chart = _chart_text(await telegram.say(BEATRIZ, "/progress"))
    assert "Adesão semanal" in chart and "repetições por semana" in chart
    assert "Exercícios principais" in chart and "Weekly" not in chart
    names = [line[2:].split(" — ")[0] for line in checkin.text.splitlines() if line[:2] == "• "]
    assert sum(name in chart for name in names) >= 2  # its series, named in Portuguese

    await telegram.say(BEATRIZ, "/profile language en")
    clock.set(NEXT_DUE)
    checkin = await _checkin(telegram)
    assert "Wednesday check-in" in checkin.text and "How did it go?" in checkin.text
    assert " sets x " in checkin.text and "séries" not in checkin.text
    assert _labels(checkin) == ["Done", "Partly", "Skipped", "Pain", "Snooze 1 h"]
    chart = _chart_text(await telegram.say(BEATRIZ, "/progress"))
    assert "Weekly adherence" in chart and "reps per week" in chart and "Adesão" not in chart
    assert not any(name in chart for name in names)  # the same series, named in English
