"""Safety routing: who needs care rather than an answer, in every language, before matching."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.faq.text import clean, strip_accents
from knowledge.faq import IntakeRule, MinorRule, SafetyConfig

ADULT_AGE = 18
MIN_PLAUSIBLE_AGE = 8  # "im 5 days into my cut" is not an age
_NUMBER = re.compile(r"\b(\d+(?: \d{3})?|\d+ k)\b")
_WINDOW = 4  # words either side of a calorie figure that tell what it is about


@dataclass(frozen=True, slots=True)
class SafetyHit:
    """A safety category that fired, and the language of the words that tripped it."""

    category: str
    language: str | None  # None when a language-neutral rule (numbers, ages) fired


@dataclass(frozen=True, slots=True)
class _Category:
    name: str
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    unless: tuple[re.Pattern[str], ...]


def _folded(pattern: str) -> re.Pattern[str]:
    # Patterns are written lower case; their accents are folded the way messages are.
    return re.compile(strip_accents(pattern))


class SafetyDetector:
    """Finds messages that need a caring reply; pure and read-only once built."""

    def __init__(self, config: SafetyConfig) -> None:
        self._categories = tuple(
            _Category(
                c.category,
                tuple((lang, _folded(p)) for lang, ps in c.patterns.items() for p in ps),
                tuple(_folded(p) for ps in c.unless.values() for p in ps),
            )
            for c in config.categories
        )
        self._intake = config.intake
        self._minor = _MinorCheck(config.minor)

    def check(self, message: str) -> SafetyHit | None:
        """The first safety category the message falls into, or None."""
        text = clean(message)
        if not text:
            return None
        for category in self._categories:
            hit = self._fires(category, text)
            if hit is not None:
                return hit
        return None

    def _fires(self, category: _Category, text: str) -> SafetyHit | None:
        if category.name == "minor":
            return SafetyHit("minor", None) if self._minor.fires(text) else None
        if any(p.search(text) for p in category.unless):
            return None
        for language, pattern in category.patterns:
            if pattern.search(text):
                return SafetyHit(category.name, language)
        if category.name == "eating" and restrictive_intake(text.split(), self._intake):
            return SafetyHit("eating", None)
        return None


def restrictive_intake(words: list[str], rule: IntakeRule) -> bool:
    """True when the words state eating under the rule's calories a day ("600 cals a day")."""
    units = [i for i, word in enumerate(words) if word in rule.units]
    if not units:
        return False
    # "600 cals", and also "i eat like 850" when calories are named elsewhere in the message.
    figures = {i - 1 for i in units if i >= 1 and words[i - 1].isdigit()}
    figures |= {i - 2 for i in units if i >= 2 and words[i - 1] == "k" and words[i - 2].isdigit()}
    figures |= {
        i for i, word in enumerate(words) if word.isdigit() and _after_eating(words, i, rule)
    }
    for i in sorted(figures):
        amount = _amount(words, i)
        if not (100 <= amount < rule.max_kcal):
            continue
        around = set(words[max(0, i - _WINDOW - 1) : i + _WINDOW + 2])
        if around & rule.not_intake:
            continue
        if around & rule.eating or around & rule.day:
            return True
    return False


def _after_eating(words: list[str], index: int, rule: IntakeRule) -> bool:
    return bool(set(words[max(0, index - 3) : index]) & rule.verbs)


def _amount(words: list[str], index: int) -> int:
    # "1 100 kcal" is eleven hundred; "500 600 kcal" (a range) is six hundred.
    amount = int(words[index])
    if index + 1 < len(words) and words[index + 1] == "k":
        return 1000 * amount  # "1k kcal"
    before = words[index - 1] if index >= 1 else ""
    if before.isdigit() and len(before) == 1 and len(words[index]) == 3:
        amount += 1000 * int(before)
    return amount


class _MinorCheck:
    """An age under 18 (or a school year) stated with a procedure or fat-loss topic."""

    def __init__(self, rule: MinorRule) -> None:
        self._ages = tuple(_folded(p) for p in rule.ages)
        self._grades = tuple(_folded(p) for p in rule.grades)
        self._topics = tuple(_folded(p) for p in rule.topics)

    def fires(self, text: str) -> bool:
        if not any(p.search(text) for p in self._topics):
            return False
        if any(p.search(text) for p in self._grades):
            return True
        for pattern in self._ages:
            for match in pattern.finditer(text):
                if MIN_PLAUSIBLE_AGE <= int(match.group("age")) < ADULT_AGE:
                    return True
        return False
