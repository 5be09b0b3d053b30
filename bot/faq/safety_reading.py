"""Whose risk a pregnancy or medical word tells: someone else's, or denied (issue #15, safety12).

A pattern such as "pregnant" or "pain" fires on a word; fresh writers' gym talk uses it about
someone else ("my mom has knee pain, can she...") or denies it ("no estoy embarazada"). A
match is set aside only when its own clause (split at commas too) says so clearly, and the
category fires when any match is not set aside. Safety9's wider reading (the past, a partner
named after the word, "no im pregnant", "sin dolor") sent people at risk to ordinary answers
and was taken out; this one reads only two things, each narrowly:

- someone else: a person other than the writer is named before the word, and the clause holds
  no word of the writer's own ("me", "estoy", "я"), no reporting verb ("my husband says the
  swelling..."), and the message no "me too";
- denied: a negator right before the word, bridged only by a copula or "have any" ("im not
  pregnant", "no tengo dolor", "je ne suis pas enceinte"), never "without" ("cant walk
  without pain" is the symptom), never "no" across a word ("no im pregnant"), and not "not
  ... anymore", "ya no", "больше не" (no longer pregnant is the first months after birth).

Time words are never read: a habit, a school sport or a year beside a risk is another event.
The words per language are data (knowledge/safety_clauses.yaml, `reading`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.faq.clauses import SHIPPED_CLAUSES
from bot.faq.text import strip_accents

_EVERY_LANGUAGE = "all"
MAX_GAP_WORDS = 4  # "my client is 20 weeks pregnant": the person, then at most this many words


def _words(fragments: list[str]) -> re.Pattern[str]:
    joined = "|".join(f"(?:{strip_accents(f)})" for f in fragments)
    return re.compile(rf"\b(?:{joined})\b")


@dataclass(frozen=True, slots=True)
class _Roles:
    """The words that tell whose a match is, for one pattern language."""

    others: re.Pattern[str]
    selves: re.Pattern[str]
    joins: re.Pattern[str]
    denial: re.Pattern[str]

    @classmethod
    def build(cls, data: Mapping[str, Mapping[str, list[str]]], language: str) -> _Roles:
        """Others and reporting in every language; the writer's words in every language
        (a collision only keeps a message routed), plus the pattern language's own;
        denials of the pattern's language (all of them for a shared pattern)."""

        def of(role: str, languages: list[str]) -> list[str]:
            return [f for lang in languages for f in data[role].get(lang, [])]

        every = sorted({lang for role in data.values() for lang in role} - {_EVERY_LANGUAGE})
        own = every if language == _EVERY_LANGUAGE else [language]
        denials = "|".join(f"(?:{strip_accents(d)})" for d in of("denials", own))
        return cls(
            others=_words(of("others", every)),
            selves=_words(of("self", [_EVERY_LANGUAGE, *own]) + of("reporting", every)),
            joins=_words(of("joins", every)),
            denial=re.compile(rf"(?:{denials}) $"),
        )


class WhoReading:
    """Decides whether a risk word's match, in its clause, is clearly not the writer's."""

    def __init__(self, data: Mapping[str, Mapping[str, list[str]]], categories: list[str]):
        self.categories = frozenset(categories)
        languages = {lang for role in data.values() for lang in role}
        self._roles = {lang: _Roles.build(data, lang) for lang in languages | {_EVERY_LANGUAGE}}
        self._too = _words([f for words in data["too"].values() for f in words])
        self._still = re.compile(
            rf"^ ?(?:{'|'.join(f for words in data['still'].values() for f in words)})\b"
        )
        self._turns = _words([f for words in data["turns"].values() for f in words])
        self._doubt = _words([f for words in data["doubt"].values() for f in words])
        self._no_longer = _words([f for words in data["no_longer"].values() for f in words])

    @classmethod
    def load(cls, path: Path = SHIPPED_CLAUSES) -> WhoReading:
        """The `reading` section of the clause file."""
        reading = dict(yaml.safe_load(path.read_text("utf-8"))["reading"])
        return cls(reading, list(reading.pop("categories")))

    def someone_else_before(self, text: str, index: int, within: int) -> bool:
        """True when a person other than the writer ("mi hermana", "ma soeur") is named
        within the `within` characters before `index` of the text."""
        others = self._roles[_EVERY_LANGUAGE].others.finditer(text)
        return any(m.end() <= index and index - m.start() <= within for m in others)

    def writer_too(self, text: str) -> bool:
        """True when the message says the writer shares the case ("so am i", "yo también")."""
        return self._too.search(text) is not None

    def set_aside(self, clause: str, match: re.Match[str], language: str, text: str) -> bool:
        """True when the match is clearly someone else's or denied by the writer (text: the
        whole message, whose next clause may turn the denial: "not pregnant but trying")."""
        roles = self._roles.get(language, self._roles[_EVERY_LANGUAGE])
        return self._denied(roles, clause, match, text) or self._someone_else(
            roles, clause, match, text
        )

    def _denied(self, roles: _Roles, clause: str, match: re.Match[str], text: str) -> bool:
        before = clause[: match.start()]
        denial = roles.denial.search(before)
        at = text.find(clause)
        if denial is None or at < 0 or self._doubt.search(text):
            return False
        # What follows the word may turn the denial round: "not pregnant but trying" (right
        # after it), "kein Brustschmerz in Ruhe, nur beim Training" (anywhere after it).
        rest = clause[match.end() :] + text[at + len(clause) :]
        if self._still.search(rest) or self._turns.search(rest):
            return False
        # "ya no estoy embarazada", "больше не беременна": no longer is not never.
        return not self._no_longer.search(" ".join(before[: denial.start()].split()[-1:]))

    @staticmethod
    def _someone_else(roles: _Roles, clause: str, match: re.Match[str], text: str) -> bool:
        others = [(m.start(), m.end()) for m in roles.others.finditer(clause)]
        before = [end for _, end in others if end <= match.start()]
        if not before:
            return False
        # The person is the word's subject: near, and no "and"/"but" starts another statement.
        gap = clause[before[-1] : match.start()]
        if len(gap.split()) > MAX_GAP_WORDS or roles.joins.search(gap):
            return False
        # "my" inside "my sister" names her; any other word of the writer's anywhere in the
        # message may make it theirs too ("my friend has chest pain, i do as well").
        return not _writer_speaks(roles, text)


def _writer_speaks(roles: _Roles, text: str) -> bool:
    """True when a word of the writer's stands outside a person's name ("my" in "my sister")."""
    people = [(m.start(), m.end()) for m in roles.others.finditer(text)]
    return any(
        not any(start <= m.start() < end for start, end in people)
        for m in roles.selves.finditer(text)
    )
