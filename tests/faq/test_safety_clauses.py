"""Clauses for the safety model's clause reading: where a message turns to something else."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.faq.clauses import ClauseSplitter


@pytest.fixture(scope="module")
def splitter() -> ClauseSplitter:
    return ClauseSplitter.load()


@pytest.mark.parametrize(
    ("message", "clauses"),
    [
        (
            "how many sets for side lunges? btw my neighbour bought a new dog yesterday",
            ["how many sets for side lunges", "my neighbour bought a new dog yesterday"],
        ),
        (
            "hago sentadillas tres veces por semana pero mi hermana dice que es poco",
            ["hago sentadillas tres veces por semana", "mi hermana dice que es poco"],
        ),
        (
            "je fais des fentes tous les jours; bref je sais plus quoi faire de mes soirées",
            ["je fais des fentes tous les jours", "je sais plus quoi faire de mes soirees"],
        ),
        (
            "Ich trainiere Beine am Montag\negal, mein Bruder hat morgen Geburtstag",
            ["ich trainiere beine am montag", "mein bruder hat morgen geburtstag"],
        ),
        (
            "делаю ягодичный мост каждый день кстати сегодня купила новые кроссовки",
            ["делаю ягодичный мост каждый день", "сегодня купила новые кроссовки"],
        ),
        (
            "faço agachamento todo dia, enfim a minha mãe quer ir à praia amanhã",
            ["faco agachamento todo dia", "a minha mae quer ir a praia amanha"],
        ),
    ],
)
def test_a_message_splits_at_sentence_ends_and_turns_in_six_languages(
    splitter: ClauseSplitter, message: str, clauses: list[str]
) -> None:
    assert splitter.clauses(message) == clauses


def test_short_clauses_and_single_clause_messages_add_no_reading(
    splitter: ClauseSplitter,
) -> None:
    # "ok" is too short to read alone; a message of one clause is read whole anyway.
    assert splitter.clauses("ok but why do my hips still dip after months of training") == [
        "why do my hips still dip after months of training"
    ]
    assert splitter.clauses("how do i fix hip dips with bands at home") == []
    # A decimal is no sentence end.
    assert splitter.clauses("i lift 2.5 kg for side raises") == []


def test_turn_words_are_data_read_as_messages_are_folded(tmp_path: Path) -> None:
    path = tmp_path / "clauses.yaml"
    path.write_text("min_words: 2\nturns:\n  aside:\n    fr: [D'ailleurs]\n", "utf-8")
    splitter = ClauseSplitter.load(path)
    assert splitter.clauses("je fais du gainage d'ailleurs il pleut fort") == [
        "je fais du gainage",
        "il pleut fort",
    ]
