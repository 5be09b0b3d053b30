"""Safety routing: who needs care rather than an answer, in every language, before matching."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz.distance import OSA

from bot.faq.clauses import ClauseSplitter
from bot.faq.safety_intake import restrictive_intake
from bot.faq.safety_model import GENTLE, SafetyModel
from bot.faq.safety_reading import WhoReading
from bot.faq.text import clean, strip_accents
from knowledge.faq import MinorRule, SafetyConfig

ADULT_AGE = 18
MIN_PLAUSIBLE_AGE = 8  # "im 5 days into my cut" is not an age
LAST_AGE_NOT_A_WEIGHT = 35  # "im 57 now" can be a teenager's weight in kilos
_AGE_OWNER_WITHIN = 20  # characters between "mi hermana" and "tiene 20 anos"
_NUMBER = re.compile(r"\b(\d+(?: \d{3})?|\d+ k)\b")
_MACRO = re.compile(r"@(\w+)")
_EVERY_LANGUAGE = "all"
# Only words this long are read through a typo: shorter ones have too many real neighbours.
MIN_TYPO_LENGTH = 6
_MASK = " | "  # what a gym idiom becomes: no word, and no pattern can match across it


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


def _per_language(patterns: Iterable[tuple[str, str]]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    # One alternation per language: hundreds of separate searches cost more than one.
    by_language: dict[str, list[str]] = {}
    for language, pattern in patterns:
        by_language.setdefault(language, []).append(f"(?:{pattern})")
    return tuple((lang, re.compile("|".join(ps))) for lang, ps in by_language.items())


class _Lexicon:
    """Named word classes per language, written @name in patterns and expanded once."""

    def __init__(self, lexicon: Mapping[str, Mapping[str, tuple[str, ...]]]) -> None:
        self._classes = {
            lang: {name: "(?:" + "|".join(words) + ")" for name, words in table.items()}
            for lang, table in lexicon.items()
        }

    def compile(self, pattern: str, language: str) -> re.Pattern[str]:
        """The pattern with every @name replaced by that class in `language` (or in all)."""
        return re.compile(self.source(pattern, language))

    def source(self, pattern: str, language: str) -> str:
        """The regex text of a pattern in a language: classes expanded, accents folded."""
        return strip_accents(_MACRO.sub(lambda m: self._class(m.group(1), language), pattern))

    def expand(self, pattern: str, language: str) -> list[tuple[str, str]]:
        """A pattern per language; one written for "all" becomes one per language it fits."""
        if language != _EVERY_LANGUAGE or self._defines(pattern, _EVERY_LANGUAGE):
            return [(language, self.source(pattern, language))]
        fitting = [lang for lang in self._classes if self._defines(pattern, lang)]
        if not fitting:
            raise ValueError(f"no language defines every word class in {pattern!r}")
        return [(lang, self.source(pattern, lang)) for lang in fitting if lang != _EVERY_LANGUAGE]

    def _defines(self, pattern: str, language: str) -> bool:
        names = set(_MACRO.findall(pattern))
        known = set(self._classes.get(language, {})) | set(self._classes.get(_EVERY_LANGUAGE, {}))
        return names <= known

    def _class(self, name: str, language: str) -> str:
        for table in (self._classes.get(language, {}), self._classes.get(_EVERY_LANGUAGE, {})):
            if name in table:
                return table[name]
        raise ValueError(f"safety pattern uses @{name}, which no word class defines for {language}")


class _TypoReader:
    """Reads a one-letter slip in a long risk word ("suicde", "laxitives") as the word."""

    def __init__(self, words: tuple[str, ...]) -> None:
        self._known = frozenset(strip_accents(w) for w in words)
        by_initial: dict[str, list[str]] = {}
        for word in sorted(self._known):
            by_initial.setdefault(word[0], []).append(word)
        self._by_initial = {initial: tuple(ws) for initial, ws in by_initial.items()}

    def read(self, text: str) -> str:
        """The text with misspelt risk words replaced by the words meant."""
        return " ".join(self._word(word) for word in text.split())

    def _word(self, word: str) -> str:
        if len(word) < MIN_TYPO_LENGTH or word in self._known:
            return word
        # People rarely miss the first letter; keeping it also keeps real neighbours apart.
        for candidate in self._by_initial.get(word[0], ()):
            if abs(len(candidate) - len(word)) <= 1 and OSA.distance(candidate, word) <= 1:
                return candidate
        return word


class SafetyDetector:
    """Finds messages that need a caring reply; pure and read-only once built."""

    def __init__(self, config: SafetyConfig, model_path: Path | None = None) -> None:
        lexicon = _Lexicon(config.lexicon)
        self._categories = tuple(
            _Category(
                c.category,
                _per_language(
                    compiled
                    for lang, ps in c.patterns.items()
                    for p in ps
                    for compiled in lexicon.expand(p, lang)
                ),
                tuple(
                    joined
                    for _, joined in _per_language(
                        (lang, lexicon.source(p, lang)) for lang, ps in c.unless.items() for p in ps
                    )
                ),
            )
            for c in config.categories
        )
        self._crisis = next(c for c in self._categories if c.name == "crisis")
        self._idioms = tuple(
            lexicon.compile(p, lang) for lang, ps in config.idioms.items() for p in ps
        )
        self._typos = _TypoReader(config.typos)
        self._intake = config.intake
        self._clauses = ClauseSplitter.load()
        self._reading = WhoReading.load()
        self._minor = _MinorCheck(config.minor, lexicon, self._reading)
        # The learned model (safety_model.SHIPPED_MODEL) adds recall where the patterns are
        # silent and reviews what they say: off unless a path is given.
        self._model = SafetyModel.load(model_path) if model_path is not None else None

    def check(self, message: str) -> SafetyHit | None:
        """The safety category the message falls into, or None."""
        text = self._read(message)
        if text is None:
            return None
        hit = self._pattern_hit(text, message)
        if self._model is None:
            return hit
        return self._reviewed(self._model, message, text, hit)

    def possible_risk(self, message: str) -> str | None:
        """The class (crisis or eating) a message no category took may still carry: crisis
        when a wish to die was said and only gym talk set it aside ("I want to die, these
        lunges are brutal lol"), else the model's likeliest above its gentle threshold."""
        if self._words_said(self._crisis, self._spelled(message)):
            return "crisis"  # before the gym idioms blank them
        if self._model is None:
            return None
        scores = self._model.probabilities(message)
        possible = [c for c, least in GENTLE.items() if scores.get(c, 0.0) >= least]
        return max(possible, key=lambda c: scores[c], default=None)

    def patterns(self, message: str) -> SafetyHit | None:
        """What the patterns alone say (the first category that fires), without the model."""
        text = self._read(message)
        return None if text is None else self._pattern_hit(text, message)

    def _spelled(self, message: str) -> str:
        return self._typos.read(clean(message))

    def _read(self, message: str) -> str | None:
        text = self._spelled(message)
        for idiom in self._idioms:
            text = idiom.sub(_MASK, text)
        return text if text.strip(" |") else None

    def _pattern_hit(self, text: str, message: str) -> SafetyHit | None:
        for category in self._categories:
            hit = self._fires(category, text)
            if hit is not None and not self._set_aside(category, text, message):
                return hit
        return None

    def _set_aside(self, category: _Category, text: str, message: str) -> bool:
        """True when every match of the category, read in its own clause, is clearly someone
        else's or denied (bot/faq/safety_reading.py)."""
        if category.name not in self._reading.categories or self._reading.writer_too(text):
            return False
        aside: set[str] = set()
        for clause in (self._read(piece) or "" for piece in self._clauses.pieces(message)):
            for language, pattern in category.patterns:
                for match in pattern.finditer(clause):
                    if not self._reading.set_aside(clause, match, language, text):
                        return False
                    aside.add(match.group(0))
        # A match the clauses did not see (it spans two of them) stands.
        return all(
            match.group(0) in aside
            for _, pattern in category.patterns
            for match in pattern.finditer(text)
        )

    def _reviewed(
        self, model: SafetyModel, message: str, text: str, hit: SafetyHit | None
    ) -> SafetyHit | None:
        verdict = model.review(message, None if hit is None else hit.category)
        if verdict is None:
            return None
        if hit is not None and verdict.category == hit.category:
            return hit
        # A category's gym-talk exceptions ("die laughing") hold for the model as well.
        category = next(c for c in self._categories if c.name == verdict.category)
        if any(p.search(text) for p in category.unless):
            return hit
        # Words the reading set aside as someone else's or denied hold for the model as well.
        if self._words_said(category, text) and self._set_aside(category, text, message):
            return hit
        # A re-route keeps the language of the words that tripped the pattern.
        return SafetyHit(verdict.category, None if hit is None else hit.language)

    @staticmethod
    def _words_said(category: _Category, text: str) -> bool:
        return any(pattern.search(text) for _, pattern in category.patterns)

    def _fires(self, category: _Category, text: str) -> SafetyHit | None:
        if category.name == "minor":
            return SafetyHit("minor", None) if self._minor.fires(text) else None
        if any(p.search(text) for p in category.unless):
            return None
        for language, pattern in category.patterns:
            if pattern.search(text):
                return SafetyHit(category.name, None if language == _EVERY_LANGUAGE else language)
        if category.name == "eating" and restrictive_intake(text.split(), self._intake):
            return SafetyHit("eating", None)
        return None


# "no quiero bajar de peso", "will nicht abnehmen": a goal the writer says they do not have.
_NOT_WANTED = re.compile(
    r"\b(dont|do not|not trying to|no quiero|nao quero|veux pas|will nicht|will nich|"
    r"mochte nicht|moechte nicht|не хочу)( want| wanna| to)*$|\b(pas de|sans|sin|sem|без)$"
)


class _MinorCheck:
    """An age under 18 (or a school year) stated with a procedure or fat-loss topic."""

    def __init__(self, rule: MinorRule, lexicon: _Lexicon, reading: WhoReading) -> None:
        self._reading = reading
        self._ages = tuple(lexicon.compile(p, _EVERY_LANGUAGE) for p in rule.ages)
        self._grades = tuple(lexicon.compile(p, _EVERY_LANGUAGE) for p in rule.grades)
        self._topics = tuple(lexicon.compile(p, _EVERY_LANGUAGE) for p in rule.topics)
        self._numbers = {strip_accents(word): str(n) for word, n in rule.numbers.items()}

    def fires(self, text: str) -> bool:
        """True when the text states an age under 18 or a school year, and a wanted topic."""
        if not any(self._wanted(p, text) for p in self._topics):
            return False
        # "im fifteen", "tengo quince", "мне пятнадцать" read as the figure they name.
        spelled = " ".join(self._numbers.get(word, word) for word in text.split())
        ages = self._ages_said(spelled)
        if any(MIN_PLAUSIBLE_AGE <= age < ADULT_AGE for age, _ in ages):
            return True
        # A school year is the writer's now unless they give an adult age of their own ("in
        # high school I was 50 kg, now I'm 30"; not "mi hermana tiene 20 anos"); above the young
        # adult ages a bare figure may be a weight ("gr 10 ... get down to 48kg, im 57 now").
        adult = any(own and ADULT_AGE <= age <= LAST_AGE_NOT_A_WEIGHT for age, own in ages)
        return not adult and any(p.search(text) for p in self._grades)

    def _ages_said(self, text: str) -> list[tuple[int, bool]]:
        """Each age the text states, and whether it may be the writer's own (nobody else
        named just before it)."""
        return [
            (
                int(m.group("age")),
                not self._reading.someone_else_before(text, m.start(), _AGE_OWNER_WITHIN),
            )
            for p in self._ages
            for m in p.finditer(text)
        ]

    @staticmethod
    def _wanted(topic: re.Pattern[str], text: str) -> bool:
        """True when the topic is named, and not as something the writer does not want."""
        return any(
            not _NOT_WANTED.search(" ".join(text[: m.start()].split()[-4:]))
            for m in topic.finditer(text)
        )
