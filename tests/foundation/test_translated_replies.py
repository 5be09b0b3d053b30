"""Every feature answers a Spanish or Brazilian Portuguese user in their language, through
the router, with plurals, numbers and dates as that language writes them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.i18n import Catalog, Language
from bot.programs.notes import note_text, swap_note
from bot.types import ChatRef, Incoming, Platform, Reply, UserRef
from knowledge.exercises import load_exercises
from tests.challenges.helpers import RecordingSender, in_group, mod, say
from tests.checkins.support import wired


@dataclass(frozen=True)
class Words:
    """What a user of one language must read (and the English it replaces)."""

    locale: str
    unknown_command: str
    bad_value: str
    checkins_on: str
    next_checkin: str
    progress: str
    created: str
    joined: str
    board: str
    logged_one: str
    logged_many: str
    program: str
    notes: str
    link: str
    forget_button: str
    answer_buttons: tuple[str, ...]
    answered: str
    weekly: str


SPANISH = Words(
    locale="es-ES",
    unknown_command="No conozco el comando /nope",
    bad_value="days tiene que ser 2, 3 o 4.",
    checkins_on="Check-ins activados: lun, mié, vie a las 18:00 (Europe/Berlin).",
    next_checkin="Próximo check-in: lun 02 mar, 18:00",
    progress="Todavía no hay check-ins.",
    created="está en marcha: sesiones, del 2026-03-02 al 2026-03-29",
    joined="Te uniste a Hip Club.",
    board="1 participante",
    logged_one="Registrado: 1 sesión.",
    logged_many="Registrado: 2 sesiones.",
    program="Semana 1, objetivo rellenar (soften): 3 sesiones",
    notes="Notas de esta semana",
    link="Tu código de enlace",
    forget_button="Sí, borrar todo",
    answer_buttons=("Listo", "A medias", "No la hice", "Dolor", "Posponer 1 h"),
    answered="Tu respuesta: Listo.",
    weekly="Semana del 02 mar al 08 mar: 1 de 1 sesión hecha (100\u00a0% de cumplimiento).",
)
PORTUGUESE = Words(
    locale="pt-br",
    unknown_command="Não conheço o comando /nope",
    bad_value="days precisa ser 2, 3 ou 4.",
    checkins_on="Check-ins ligados: seg., qua., sex. às 18:00 (Europe/Berlin).",
    next_checkin="Próximo check-in: seg. 02 mar., 18:00",
    progress="Ainda não tem check-ins.",
    created="começou: sessões, de 2026-03-02 a 2026-03-29",
    joined="Você entrou em Hip Club.",
    board="1 participante",
    logged_one="Registrado: 1 sessão.",
    logged_many="Registrado: 2 sessões.",
    program="Semana 1, objetivo preencher (soften): 3 sessões",
    notes="Notas desta semana",
    link="Seu código de vínculo",
    forget_button="Sim, apagar tudo",
    answer_buttons=("Feito", "Em parte", "Pulei", "Dor", "Adiar 1 h"),
    answered="Sua resposta: Feito.",
    weekly="Semana de 02 mar. a 08 mar.: 1 de 1 sessão feita (100% de adesão).",
)
LANGUAGES = pytest.mark.parametrize("words", [SPANISH, PORTUGUESE], ids=["es", "pt-BR"])


def private(words: Words, text: str, user: str = "7") -> Incoming:
    """A message in a private chat from a user whose platform speaks the language."""
    person = UserRef(Platform.TELEGRAM, user, "Lu")
    return Incoming(person, ChatRef(Platform.TELEGRAM, user), text, locale=words.locale)


def group(words: Words, text: str, user: str, *, moderator: bool = False) -> Incoming:
    """A message in a Discord server channel."""
    chat = ChatRef(Platform.DISCORD, "1001", "group", "Hips", channel_id="51001")
    person = UserRef(Platform.DISCORD, user, "Lu" + user)
    return Incoming(person, chat, text, is_moderator=moderator, locale=words.locale)


async def answer(app: App, incoming: Incoming) -> Reply:
    """The first reply."""
    replies = await app.router.handle(incoming)
    assert replies, incoming.text
    return replies[0]


@LANGUAGES
async def test_refusals_and_usage_errors(app: App, words: Words) -> None:
    unknown = await answer(app, private(words, "/nope"))
    assert unknown.notice and words.unknown_command in unknown.text
    bad = await answer(app, private(words, "/profile days 9"))
    assert bad.notice and words.bad_value in bad.text, bad.text


@LANGUAGES
async def test_checkins_and_progress(app: App, words: Words) -> None:
    on = await answer(app, private(words, "/checkins on mon,wed,fri 18:00 Europe/Berlin"))
    assert words.checkins_on in on.text and words.next_checkin in on.text, on.text
    progress = await answer(app, private(words, "/progress"))
    assert words.progress in progress.text and "Streak" not in progress.text


@LANGUAGES
async def test_challenge_replies_and_leaderboard(app: App, words: Words) -> None:
    create = '/challenge create "Hip Club" sessions 2026-03-02 2026-03-29'
    created = await answer(app, group(words, create, "90", moderator=True))
    assert words.created in created.text, created.text
    joined = await answer(app, group(words, '/challenge join "Hip Club"', "91"))
    assert words.joined in joined.text
    board = await answer(app, group(words, "/leaderboard", "91"))
    assert words.board in board.text and "member" not in board.text, board.text


@LANGUAGES
async def test_training_log_counts_in_the_language(app: App, words: Words) -> None:
    assert words.logged_one in (await answer(app, private(words, "/log"))).text
    assert words.logged_many in (await answer(app, private(words, "/log sessions 2"))).text


@LANGUAGES
async def test_program_headings_and_notes(app: App, words: Words) -> None:
    setup = "/profile goal soften equipment bands level beginner days 3"
    await answer(app, private(words, setup))
    program = await answer(app, private(words, "/program"))
    assert words.program in program.text and words.notes in program.text, program.text
    assert "Notes for this week" not in program.text


@LANGUAGES
async def test_accounts_link_and_forget(app: App, words: Words) -> None:
    assert words.link in (await answer(app, private(words, "/link"))).text
    forget = await answer(app, private(words, "/forget"))
    assert forget.buttons[0][0].label == words.forget_button


@LANGUAGES
async def test_checkin_dm_buttons_and_weekly_summary(
    migrated_url: str, clock: ManualClock, words: Words
) -> None:
    async with wired(migrated_url, clock, catalog=Catalog.load()) as core:
        await core.say(f"/profile language {words.locale}")
        await core.say("/checkins on mon 18:00 Europe/Berlin")
        clock.set(datetime(2026, 3, 2, 17, 0, tzinfo=UTC))
        assert await core.dispatcher.tick() == 1
        message = core.sender.sent[-1][1]
        labels = tuple(button.label for row in message.buttons for button in row)
        assert labels == words.answer_buttons
        answered = await core.press(message.buttons[0][0].action)
        assert words.answered in answered[0].text
        core.sender.sent.clear()
        clock.set(datetime(2026, 3, 8, 18, 0, tzinfo=UTC))  # Sunday 19:00 in Berlin
        assert await core.weekly.summaries() == 1
        assert words.weekly in core.sender.sent[0][1].text, core.sender.sent[0][1].text


async def test_switching_to_english_switches_every_reply(app: App) -> None:
    await answer(app, private(SPANISH, "/profile language en"))
    progress = await answer(app, private(SPANISH, "/progress"))
    assert "No check-ins yet." in progress.text
    logged = await answer(app, private(SPANISH, "/log sessions 2"))
    assert "Logged 2 sessions." in logged.text


@pytest.mark.parametrize(
    ("language", "standings", "podium"),
    [
        ("es", "Clasificación", "¡Sprint ha terminado! El podio (sesiones):"),
        ("pt-BR", "Classificação", "Sprint terminou! O pódio (sessões):"),
    ],
)
async def test_a_group_posts_standings_and_results_in_its_own_language(
    app: App, clock: ManualClock, language: str, standings: str, podium: str
) -> None:
    sender = RecordingSender()
    app.senders[Platform.DISCORD] = sender
    await mod(app, 'challenge create "Sprint" sessions 2026-03-02 2026-03-08 channel=<#4242>')
    english = await mod(app, "challenge settings")
    assert "Posts in: en" in english  # the moderator's own language: English
    changed = await mod(app, f"challenge settings language {language}")
    named = {"es": "Spanish", "pt-BR": "Portuguese (Brazil)"}[language]  # in the moderator's
    assert changed == f"Standings and results here are now posted in {named}."
    await say(app, in_group('challenge join "Sprint"', "1", "Ann"))
    await say(app, in_group("log sessions 2", "1", "Ann"))
    assert "Posted the standings" in await mod(app, 'challenge post "Sprint"')
    assert sender.posts[-1][1].title == standings
    assert "1 participante" in sender.posts[-1][1].text
    clock.set(datetime(2026, 3, 9, 3, 0, tzinfo=UTC))
    await app.services.challenges.announce_ended()
    assert podium in sender.posts[-1][1].text, sender.posts[-1][1].text


async def test_a_group_language_the_bot_does_not_speak_is_refused(app: App) -> None:
    await mod(app, 'challenge create "Sprint" sessions 2026-03-02 2026-03-08')
    refused = await mod(app, "challenge settings language klingon")
    assert "I speak: en, es, pt-BR." in refused
    assert "Posts in: en" in await mod(app, "challenge settings")


def test_a_pain_swap_note_reads_in_the_language_and_stays_english_as_stored() -> None:
    exercises = load_exercises().exercises
    painful = next(e for e in exercises if set(e.stresses) == {"knee", "hip"})
    gentler = next(e for e in exercises if not e.stresses)
    note = swap_note(painful, gentler)
    assert note.endswith("same glute muscles without loading the hip and knee.")
    spanish = note_text(note, Catalog.load().translator(Language.ES))
    assert spanish.startswith(f"Nos dijiste que te dolía {painful.name}")
    assert spanish.endswith("sin cargar cadera y rodilla.")
