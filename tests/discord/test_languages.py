"""A Discord member's client language decides the language of the answers."""

from __future__ import annotations

from sqlalchemy import text

from bot.bootstrap import App
from handlers.discord.runner import DiscordRunner
from tests.discord.fake_discord import FakeDiscord, Person

LUCIA = Person(3001, "lucia", locale="es-ES")


async def test_a_member_with_a_spanish_client_gets_spanish_help(
    runner: DiscordRunner, fake: FakeDiscord
) -> None:
    sent = await (await fake.slash(LUCIA, "help")).wait(1)
    text = "\n".join(message.text for message in sent)
    assert "Ayuda de hipcoach" in text
    assert "Soy hipcoach, tu entrenador para los hip dips" in text
    assert "qué hago y cuáles son mis comandos" in text
    assert "what I do and my commands" not in text
    assert "no consejo médico" in text  # the disclaimer, in Spanish too


async def test_profile_language_en_switches_a_spanish_member_to_english(
    runner: DiscordRunner, fake: FakeDiscord
) -> None:
    saved = await (await fake.slash(LUCIA, "profile", dm=True, language="en", days=2)).wait(1)
    assert "Language: English" in saved[0].text and "Days per week: 2" in saved[0].text
    sent = await (await fake.slash(LUCIA, "help", dm=True)).wait(1)
    assert "hipcoach help" in sent[0].text and "Ayuda" not in sent[0].text


async def test_a_refused_spanish_member_reads_what_it_takes_in_spanish(
    runner: DiscordRunner, fake: FakeDiscord
) -> None:
    window = {"metric": "sessions", "start": "2026-03-02", "end": "2026-03-31"}
    refused = await fake.slash(LUCIA, "challenge-admin", sub="create", name="Marzo", **window)
    sent = await refused.wait(1)
    assert sent[0].ephemeral and sent[0].text == (
        "Solo la moderación puede crear retos: "
        "hace falta el permiso Gestionar servidor o el rol de moderador."
    )


async def test_the_refusal_follows_the_profile_language_over_the_client(
    runner: DiscordRunner, fake: FakeDiscord
) -> None:
    await (await fake.slash(LUCIA, "profile", dm=True, language="pt-BR")).wait(1)
    window = {"metric": "sessions", "start": "2026-03-02", "end": "2026-03-31"}
    refused = await fake.slash(LUCIA, "challenge-admin", sub="create", name="Marzo", **window)
    text = (await refused.wait(1))[0].text
    assert text.startswith("Só a moderação pode criar desafios:")
    assert "Gerenciar servidor" in text


async def test_faq_autocomplete_offers_titles_in_the_members_language(
    runner: DiscordRunner, fake: FakeDiscord
) -> None:
    typed = await fake.slash(LUCIA, "faq", question="gluteo lateral", focused="question")
    names = [choice["name"] for choice in await typed.wait_choices()]
    assert "¿Vale la pena entrenar el glúteo lateral aunque mis hip dips sigan ahí?" in names
    assert all("glúteo lateral" in name for name in names)  # typed without the accent
    chosen = await fake.slash(LUCIA, "faq", question=names[0])
    assert "glúteo" in (await chosen.wait(1))[0].text  # the chosen title is answered in Spanish

    joana = Person(3002, "joana", locale="pt-BR")
    typed = await fake.slash(joana, "faq", question="agachamento bulgaro", focused="question")
    names = [choice["name"] for choice in await typed.wait_choices()]
    assert names[0] == "Agachamento búlgaro é bom para hip dips?"
    english = await fake.slash(Person(3003, "kim"), "faq", question="bulgarian", focused="question")
    assert all("Bulgarian" in choice["name"] for choice in await english.wait_choices())


async def test_an_unexpected_failure_is_apologised_for_in_spanish(
    runner: DiscordRunner, discord_app: App, fake: FakeDiscord
) -> None:
    async with discord_app.engine.begin() as connection:
        await connection.execute(text("ALTER TABLE platform_accounts RENAME TO accounts_gone"))
    sent = await (await fake.slash(LUCIA, "profile", dm=True, goal="soften")).wait(1)
    assert sent[0].ephemeral
    assert sent[0].text == "Perdona, algo falló de mi lado. Inténtalo de nuevo en un momento."
    async with discord_app.engine.begin() as connection:
        await connection.execute(text("ALTER TABLE accounts_gone RENAME TO platform_accounts"))
