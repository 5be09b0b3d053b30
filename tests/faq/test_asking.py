"""Which sentence of a story asks (bot/faq/asking.py): the one the engine reads beside it."""

from __future__ import annotations

import pytest

from bot.faq.asking import AskingClause
from knowledge.matching import load_matching


@pytest.fixture(scope="module")
def asking() -> AskingClause:
    """The reader over the shipped ask words of every language."""
    return AskingClause({lang: w.asks for lang, w in load_matching().languages.items()})


@pytest.mark.parametrize(
    ("message", "language", "clause"),
    [
        (
            "been squatting 3x a week for months. my hips still look the same. "
            "which exercise actually fills the side?",
            "en",
            "which exercise actually fills the side?",
        ),
        # No question mark: the sentence that opens with an ask word.
        (
            "I do clamshells every night\nhow long until the dips fill in",
            "en",
            "how long until the dips fill in",
        ),
        (
            "Hago sentadillas hace un año. ¿Por qué no cambian mis caderas?",
            "es",
            "¿Por qué no cambian mis caderas?",
        ),
        (
            "Ich trainiere seit Monaten. Warum sieht man keine Veränderung",
            "de",
            "Warum sieht man keine Veränderung",
        ),
        # A decimal point ends no sentence.
        (
            "lost 1.5 kg last month. Is that why my dips show more?",
            "en",
            "Is that why my dips show more?",
        ),
    ],
)
def test_a_story_s_asking_sentence_is_found(
    asking: AskingClause, message: str, language: str, clause: str
) -> None:
    assert asking.of(message, language) == clause


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("what are hip dips", "en"),  # one sentence: it is all ask
        ("are hip dips genetic? can exercise help?", "en"),  # every sentence asks
        ("my hips have dents. any tips?", "en"),  # "any tips" says nothing of which entry
        # "was" opens a German question, not an English story's sentence.
        ("was at the gym today. my side glutes burned", "en"),
    ],
)
def test_a_message_without_a_separate_ask_has_none(
    asking: AskingClause, message: str, language: str
) -> None:
    assert asking.of(message, language) is None
