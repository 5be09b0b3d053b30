"""The language check every test runs (tests/language_check.py): it finds English wording
in replies to Spanish and Portuguese readers, and leaves names, commands and links alone."""

from __future__ import annotations

from bot import rich
from bot.bootstrap import App
from bot.commands.base import Command, Context, text_reply
from bot.commands.declare import Args
from bot.i18n import Language
from bot.types import ChatRef, Incoming, Platform, Reply, UserRef
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
