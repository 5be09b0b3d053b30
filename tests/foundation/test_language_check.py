"""The language check every test runs (tests/language_check.py): it finds English wording
in replies to Spanish and Portuguese readers, and leaves names, commands and links alone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot import rich
from bot.athletes.rules import Account
from bot.bootstrap import App
from bot.challenges.boards import ChallengePosts
from bot.challenges.rules import Challenge, Metric
from bot.checkins.delivery import Courier
from bot.commands.base import Command, Context, text_reply
from bot.commands.declare import Args
from bot.errors import NotDelivered
from bot.i18n import Catalog, Language
from bot.types import ChatRef, Incoming, Platform, Reply, UserRef
from tests.checkins.support import RecordingSender
from tests.language_check import EnglishDetector, wording

LEFT_IN_ENGLISH = "Your next session is on Monday: three sets of glute bridges."


def _private(text: str, locale: str) -> Incoming:
    user = UserRef(Platform.TELEGRAM, locale, "Ana")  # one user per locale
    return Incoming(user, ChatRef(Platform.TELEGRAM, locale, "private"), text, locale=locale)


def test_english_lines_are_found_and_translated_ones_are_not(
    english_detector: EnglishDetector,
) -> None:
    assert english_detector.english(LEFT_IN_ENGLISH) is not None
    assert english_detector.english("Standings and results are posted here from now on.")
    for line in (
        "Tu próxima sesión es el lunes: tres series de puente de glúteos.",
        "A sua próxima sessão é na segunda-feira: três séries de ponte de glúteo.",
        "Soy hipcoach, tu entrenador para los hip dips.",
        "Glute bridge, side plank",  # exercise names alone are not a sentence
        "Days per week: 2",  # too short to tell
    ):
        assert english_detector.english(line) is None, line


def test_names_commands_and_links_are_not_wording() -> None:
    body = rich.text(
        "Únete con ",
        rich.code("/challenge join"),
        " al reto ",
        rich.literal("Hip Dips Are Gone For Good"),
        " ",
        rich.link("https://example.org/hip-dips", "la guía"),
    )
    assert list(wording(body)) == ["Únete con ", " al reto ", " la guía"]


async def test_every_reply_is_checked_in_the_language_it_was_written_for(
    app: App, english_detector: EnglishDetector
) -> None:
    async def english(context: Context, args: Args) -> list[Reply]:
        return text_reply(LEFT_IN_ENGLISH)

    app.router.registry.add(Command("english", "a reply nobody translated", english))
    await app.router.handle(_private("/english", "en-US"))
    assert english_detector.findings == []  # an English reader
    await app.router.handle(_private("/english", "es-ES"))
    assert {f.language for f in english_detector.findings} == {Language.ES}
    assert " ".join(f.line for f in english_detector.findings) == LEFT_IN_ENGLISH
    english_detector.findings.clear()  # found on purpose: not this test's failure
    await app.router.handle(_private("/profile language en", "pt-BR"))  # now an English reader
    await app.router.handle(_private("/english", "pt-BR"))
    assert english_detector.findings == []
    await app.router.handle(_private("/english", "es-ES"))  # the profile's language: Spanish
    assert {f.language for f in english_detector.findings} == {Language.ES}
    english_detector.findings.clear()


async def test_what_the_core_sends_on_its_own_is_checked_in_its_readers_language(
    english_detector: EnglishDetector,
) -> None:
    """A check-in DM or a standings post with English left in it fails the test that sent it."""
    sender = RecordingSender()
    courier = Courier({Platform.TELEGRAM: sender})
    spanish = Account("telegram", "7", 1, language="es")
    checkin = Reply(
        text="Check-in del lunes\n• Concha — 2 series x 12 repeticiones\n¿Qué tal te fue?"
    )
    assert await courier.send(spanish, checkin) == "sent"
    assert english_detector.findings == []
    await courier.send(spanish, Reply(text=LEFT_IN_ENGLISH))
    await courier.send(Account("telegram", "8", 2, language="en"), Reply(text=LEFT_IN_ENGLISH))
    assert {f.language for f in english_detector.findings} == {Language.ES}  # not the English
    assert len(sender.sent) == 3  # checking changes nothing that is sent
    english_detector.findings.clear()  # found on purpose: not this test's failure

    posts = ChallengePosts(None, None, {}, Catalog.load())  # type: ignore[arg-type]
    board = rich.template(LEFT_IN_ENGLISH)
    with pytest.raises(NotDelivered):  # no Sender for the platform: nothing goes out
        await posts.post_now(_challenge(), board, Catalog.load().translator(Language.PT_BR))
    assert {f.language for f in english_detector.findings} == {Language.PT_BR}
    english_detector.findings.clear()


def _challenge() -> Challenge:
    start = datetime(2026, 3, 2, tzinfo=UTC)
    return Challenge(
        1, 1, "discord", "Março", Metric("sessions"), start.date(), start.date(), "UTC", "9",
        start, start,
    )  # fmt: skip
