"""A message split into clauses, for the safety model's clause reading (issue #15).

A long ordinary question can carry its risk in one clause; the model reads each clause of
at least `min_words` words beside the whole message (docs/safety_model.md). Where a clause
ends is data (knowledge/safety_clauses.yaml): sentence ends, line breaks, ";", and discourse
turns in six languages ("anyway", "pero", "enfim", "bref", "egal", "кстати").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

import knowledge
from bot.faq.text import clean

SHIPPED_CLAUSES = Path(knowledge.__file__).with_name("safety_clauses.yaml")
# A sentence end, a line break or ";". A full stop after a digit is none: "1.5 kg", and the
# ordinals "in der 16. Woche", "3. Klasse", where a clause "bin in der 16" would read as an age.
SENTENCE_BREAK = re.compile(r"[!?;¡¿…\n\r]+|(?<!\d)\.(?!\d)")
# For reading whose a risk word is (safety_reading.py), a comma ends a clause too ("my sister
# is pregnant, can i do squats"); not for the model, which was trained on the clauses above.
CLAUSE_BREAK = re.compile(SENTENCE_BREAK.pattern + r"|(?<!\d),|,(?!\d)")


@dataclass(frozen=True, slots=True)
class ClauseSplitter:
    """Splits a message at sentence ends and discourse turns; keeps clauses long enough."""

    turns: frozenset[tuple[str, ...]]
    longest_turn: int
    min_words: int

    @classmethod
    def load(cls, path: Path = SHIPPED_CLAUSES) -> ClauseSplitter:
        """The turn words of every meaning and language, folded as messages are."""
        data = yaml.safe_load(path.read_text("utf-8"))
        turns = frozenset(
            tuple(clean(turn).split())
            for languages in data["turns"].values()
            for words in languages.values()
            for turn in words
        )
        return cls(turns, max(len(t) for t in turns), int(data["min_words"]))

    def clauses(self, message: str) -> list[str]:
        """The message's clauses of at least min_words words (folded), none if it is one."""
        found: list[str] = []
        for sentence in SENTENCE_BREAK.split(message):
            found.extend(self._at_turns(clean(sentence).split()))
        kept = [c for c in found if len(c.split()) >= self.min_words]
        return [] if kept == [clean(message)] else kept

    def pieces(self, message: str) -> list[str]:
        """Every clause of the message (folded), short ones too, split at commas as well."""
        return [
            clause
            for sentence in CLAUSE_BREAK.split(message)
            for clause in self._at_turns(clean(sentence).split())
        ]

    def _at_turns(self, words: list[str]) -> list[str]:
        clauses: list[list[str]] = [[]]
        i = 0
        while i < len(words):
            size = self._turn_at(words, i)
            if size:
                clauses.append([])
                i += size
            else:
                clauses[-1].append(words[i])
                i += 1
        return [" ".join(c) for c in clauses if c]

    def _turn_at(self, words: list[str], i: int) -> int:
        """How many words a turn starting at word i spans (0: none starts there)."""
        for size in range(min(self.longest_turn, len(words) - i), 0, -1):
            if tuple(words[i : i + size]) in self.turns:
                return size
        return 0
