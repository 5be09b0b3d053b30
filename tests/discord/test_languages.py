"""A Discord member's client language decides the language of the answers."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from bot.bootstrap import App
from bot.clock import ManualClock
from handlers.discord.runner import DiscordRunner
from tests.discord.fake_discord import FakeDiscord, Person, Sent

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


async def test_help_names_the_commands_as_the_members_discord_menu_shows_them(
    runner: DiscordRunner, fake: FakeDiscord
) -> None:
    english = await (await fake.slash(Person(3004, "kim"), "help", dm=True)).wait(1)
    text = "\n".join(message.text for message in english)
    # Moderators' subcommands live under /challenge-admin, options are typed fields, and
    # /start (Telegram's) is not a Discord command.
    assert "`/challenge-admin create name metric start end [exercise] [channel]`" in text
    assert "`/challenge join name`" in text and "/challenge create" not in text
    assert "`/profile [goal] [equipment]" in text and "<goal>" not in text
    assert "/start" not in text
    spanish = await (await fake.slash(LUCIA, "help", dm=True)).wait(1)
    text = "\n".join(message.text for message in spanish)
    assert "`/reto-admin crear nombre métrica" in text and "`/perfil [objetivo]" in text
    assert "`/ayuda` — qué hago y cuáles son mis comandos" in text


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


def _labels(message: Sent) -> list[str]:
    rows = message.payload.get("components") or []
    return [str(item.get("label")) for row in rows for item in row.get("components", [])]


async def _checkin_dm(app: App, fake: FakeDiscord, person: Person) -> Sent:
    """Run the check-in jobs as the scheduler would; the one new DM to `person`."""
    before = len(fake.channel_posts)
    for job in app.periodic_jobs:
        if "checkin" in job.name:
            await job.run()
    channel = fake.dm_channel_id(person)
    (dm,) = [post for post in fake.channel_posts[before:] if post.channel_id == channel]
    return dm


async def test_a_spanish_member_gets_a_spanish_checkin_board_and_post_until_english(
    runner: DiscordRunner, discord_app: App, fake: FakeDiscord, moderator: Person,
    clock: ManualClock,
) -> None:  # fmt: skip
    profile = {"goal": "soften", "equipment": "bands", "level": "beginner", "days": 3}
    await (await fake.slash(LUCIA, "profile", dm=True, **profile)).wait(1)
    on = await fake.slash(LUCIA, "checkins", sub="on", dm=True, days="mon,wed", time="09:30")
    assert "Check-ins activados: lun, mié a las 09:30" in (await on.wait(1))[0].text
    clock.advance(timedelta(minutes=31))
    dm = await _checkin_dm(discord_app, fake, LUCIA)
    assert "Check-in del lunes" in dm.text and "¿Qué tal te fue?" in dm.text
    assert "series x" in dm.text and "descanso" in dm.text and "sets x" not in dm.text
    assert _labels(dm) == ["Listo", "A medias", "No la hice", "Dolor", "Posponer 1 h"]

    window = {"metric": "sessions", "start": "2026-03-02", "end": "2026-03-31"}
    await (
        await fake.slash(moderator, "challenge-admin", sub="create", name="Marzo", **window)
    ).wait()
    await (await fake.slash(moderator, "challenge-admin", sub="settings", language="es")).wait()
    await (await fake.slash(LUCIA, "challenge", sub="join", name="Marzo")).wait(1)
    await (await fake.slash(LUCIA, "log", sessions=2)).wait(1)
    board = (await (await fake.slash(LUCIA, "leaderboard", challenge="Marzo")).wait(1))[0]
    assert "Clasificación" in board.text and "Leaderboard" not in board.text
    posted = await fake.slash(moderator, "challenge-admin", sub="post", name="Marzo")
    await posted.wait(1)
    post = fake.channel_posts[-1]
    assert post.channel_id == str(fake.channel_id) and "Clasificación" in post.text

    await (await fake.slash(LUCIA, "profile", dm=True, language="en")).wait(1)
    clock.advance(timedelta(days=2))
    dm = await _checkin_dm(discord_app, fake, LUCIA)
    assert "Wednesday check-in" in dm.text and "How did it go?" in dm.text
    assert " sets x " in dm.text and "series" not in dm.text
    assert _labels(dm) == ["Done", "Partly", "Skipped", "Pain", "Snooze 1 h"]
    board = (await (await fake.slash(LUCIA, "leaderboard", challenge="Marzo")).wait(1))[0]
    assert "Leaderboard" in board.text and "Clasificación" not in board.text
