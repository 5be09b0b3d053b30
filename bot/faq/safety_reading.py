"""Who and when a risk word is about: the writer, now, and not denied (issue #15, safety9).

A pattern such as "pregnant" or "hurts" fires on words; fresh writers' gym talk uses the same
words about someone else ("my client is pregnant"), denied ("not pregnant", "keine
Schmerzen") or, for medical, long over ("hurt my ankle in high school"). Each match of a
category listed in knowledge/safety_clauses.yaml (`reading`) is read in its own clause; the
category fires only when one match is about the writer. The word roles per language are
data, not code.
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
AFTER_WORDS = 3  # how far after a risk word a person named still owns it


def _alternation(fragments: list[str]) -> str:
    return "|".join(f"(?:{strip_accents(f)})" for f in fragments)


@dataclass(frozen=True, slots=True)
class _Roles:
    """One language's words for people, denial and time, compiled."""

    others: re.Pattern[str]
    selves: re.Pattern[str]
    too: re.Pattern[str]
    negated: re.Pattern[str]
    over: re.Pattern[str]
    ongoing: re.Pattern[str]
    recurs: re.Pattern[str]
    joins: re.Pattern[str]

    @classmethod
    def build(cls, data: Mapping[str, Mapping[str, list[str]]], languages: list[str]) -> _Roles:
        """The roles of `languages` joined (one language, or all for a shared pattern)."""

        def words(role: str, every_language: bool = False) -> str:
            read = sorted(data[role]) if every_language else languages
            return _alternation([f for lang in read for f in data[role].get(lang, [])])

        # Someone else is named in any language (a Portuguese pattern matches Spanish text too);
        # pronouns and the writer's own words only in the pattern's language ("he" is Spanish).
        others = "|".join((words("others", every_language=True), words("pronouns")))
        return cls(
            others=re.compile(rf"\b(?:{others.strip('|')})\b"),
            selves=re.compile(rf"\b(?:{words('self')})\b"),
            too=re.compile(rf"\b(?:{words('too')})\b"),
            # A negator right before the word, or with one or two bridge words between.
            negated=re.compile(rf"\b(?:{words('negators')})(?: (?:{words('bridges')})){{0,2}} $"),
            over=re.compile(rf"\b(?:{words('over')})\b"),
            ongoing=re.compile(rf"\b(?:{words('ongoing')})\b"),
            recurs=re.compile(rf"\b(?:{words('recurs')})\b"),
            joins=re.compile(rf"\b(?:{words('joins', every_language=True)})\b"),
        )


class WhoAndWhen:
    """Decides whether a risk word's match, in its clause, is about the writer now."""

    def __init__(
        self,
        data: Mapping[str, Mapping[str, list[str]]],
        categories: list[str],
        over_categories: list[str],
    ):
        self.categories = frozenset(categories)
        self._over_categories = frozenset(over_categories)
        languages = sorted({lang for role in data.values() for lang in role})
        self._roles = {lang: _Roles.build(data, [lang]) for lang in languages}
        self._roles[_EVERY_LANGUAGE] = _Roles.build(data, languages)

    @classmethod
    def load(cls, path: Path = SHIPPED_CLAUSES) -> WhoAndWhen:
        """The `reading` section of the clause file."""
        reading = dict(yaml.safe_load(path.read_text("utf-8"))["reading"])
        categories = list(reading.pop("categories"))
        over_categories = list(reading.pop("over_categories"))
        return cls(reading, categories, over_categories)

    def about_writer(
        self, category: str, clause: str, match: re.Match[str], language: str, text: str
    ) -> bool:
        """True unless the match is about someone else, denied, or (medical) in a clause long
        over (text: the whole message, read for "me too" and for a pain that came back)."""
        roles = self._roles.get(language, self._roles[_EVERY_LANGUAGE])
        if roles.negated.search(clause[: match.start()]):
            return False
        # Only the word's own clause: "I'm 20 weeks pregnant, I used to do lunges" is now.
        if category in self._over_categories and self._over(roles, clause, text):
            return False
        return self._nearest_person_is_writer(roles, clause, match) or bool(roles.too.search(text))

    @classmethod
    def _over(cls, roles: _Roles, clause: str, text: str) -> bool:
        """The clause tells something long over, nothing of now, and it did not come back."""
        if not roles.over.search(clause) or roles.ongoing.search(clause):
            return False
        return not cls._came_back(roles, text)

    @staticmethod
    def _came_back(roles: _Roles, text: str) -> bool:
        """True when the message says it came back ("again"), not "never again"."""
        return any(not roles.negated.search(text[: m.start()]) for m in roles.recurs.finditer(text))

    @staticmethod
    def _nearest_person_is_writer(roles: _Roles, clause: str, match: re.Match[str]) -> bool:
        others = [(m.start(), m.end(), False) for m in roles.others.finditer(clause)]
        # "my" inside "my sister" names her, not the writer.
        selves = [
            (m.start(), m.end(), True)
            for m in roles.selves.finditer(clause)
            if not any(s <= m.start() < e for s, e, _ in others)
        ]
        people = sorted(others + selves)
        before = [p for p in people if p[0] < match.end()]
        if before:
            return before[-1][2]
        # Only a person named right after the word ("pregnancy photos of my cousin"): "24.
        # Woche und mein Trainer will ..." is the writer's week.
        near = " ".join(clause[match.end() :].split()[:AFTER_WORDS])
        after = [
            p
            for p in people
            if match.end() <= p[0] <= match.end() + len(near) + 1
            and not roles.joins.search(clause[match.end() : p[0]])
        ]
        return after[0][2] if after else True  # nobody named: the writer speaks of themselves
