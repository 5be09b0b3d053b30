"""Concepts for the safety model: one shared feature per meaning, in six languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.faq.safety_concepts import ConceptLexicon
from bot.faq.safety_features import Reading, safety_features


@pytest.fixture(scope="module")
def lexicon() -> ConceptLexicon:
    return ConceptLexicon.load()


@pytest.mark.parametrize(
    "message",
    [
        "I already gave away most of my things",
        "ya regalé casi todas mis cosas",
        "já doei quase todas as minhas coisas",
        "j'ai déjà donné mes affaires",
        "ich hab schon fast alles verschenkt",
        "я уже раздала почти все свои вещи",
    ],
)
def test_one_meaning_in_six_languages_is_one_shared_feature(
    lexicon: ConceptLexicon, message: str
) -> None:
    assert "#c:giving_away" in lexicon.tokens(message)


def test_stems_match_inflected_forms_and_whole_words_only_themselves(
    lexicon: ConceptLexicon,
) -> None:
    assert "#c:means_pills" in lexicon.tokens("she overdosed once")
    assert "#c:means_pills" in lexicon.tokens("приняла все таблетки")
    # "pill" is a whole word: a pillow is no means.
    assert "#c:means_pills" not in lexicon.tokens("new pillow for my back")


def test_two_concepts_in_one_sentence_make_a_pair_and_not_across_sentences(
    lexicon: ConceptLexicon,
) -> None:
    together = lexicon.tokens("the pills are in my drawer, saving them for tonight")
    assert "#c:means_pills+time_soon" in together
    apart = lexicon.tokens("leg day tonight. my mum takes pills for her heart")
    assert {"#c:means_pills", "#c:time_soon"} <= apart
    assert "#c:means_pills+time_soon" not in apart


def test_gym_talk_reads_as_gym_talk(lexicon: ConceptLexicon) -> None:
    assert {"#c:gym", "#c:hyperbole"} <= lexicon.tokens("leg day killed me lol, squats")
    assert "#c:soreness" in lexicon.tokens("tengo agujetas del día de pierna")


def test_a_gap_stands_for_a_few_words(lexicon: ConceptLexicon) -> None:
    assert "#c:giving_away" in lexicon.tokens("gave my old books away")


def test_concepts_join_the_model_features_only_when_read() -> None:
    message = "my insurance papers are in order now"
    plain = set(safety_features(message)[0].tolist())
    with_concepts = set(safety_features(message, Reading(ConceptLexicon.load()))[0].tolist())
    assert len(with_concepts - plain) >= 1


@pytest.mark.parametrize(
    ("concepts", "error"),
    [
        ("  means:\n    en: [pill]\n", "not six"),
        (
            "  means:\n"
            + "".join(f"    {lang}: [pill]\n" for lang in ("en", "es", "pt", "fr", "de"))
            + "    ru: []\n",
            "no entries",
        ),
        (
            "  means:\n"
            + "".join(f"    {lang}: [pi*]\n" for lang in ("en", "es", "pt", "fr", "de", "ru")),
            "too short",
        ),
        (
            "  means:\n"
            + "".join(f"    {lang}: ['* pill']\n" for lang in ("en", "es", "pt", "fr", "de", "ru")),
            "gap",
        ),
    ],
)
def test_a_malformed_lexicon_is_refused_with_a_clear_message(
    tmp_path: Path, concepts: str, error: str
) -> None:
    path = tmp_path / "concepts.yaml"
    path.write_text("min_stem: 3\nconcepts:\n" + concepts, "utf-8")
    with pytest.raises(ValueError, match=error):
        ConceptLexicon.load(path)
