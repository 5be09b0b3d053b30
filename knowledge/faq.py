"""FAQ knowledge: pydantic models and validating loaders for faq/*.yaml and safety.yaml."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from knowledge.loading import KnowledgeError, bounded_text, describe, load_model, read_yaml
from knowledge.sources import KEBAB_ID, seed_sources

FAQ_DIR = Path(__file__).with_name("faq")
SAFETY_PATH = Path(__file__).with_name("safety.yaml")

# A chat answer stays short enough to read on a phone; the rest of the entry goes in `more`,
# shown behind a "more" button. Both fit one Discord message (2,000) with room for a header.
MAX_ANSWER_CHARS = 900
MAX_MORE_CHARS = 1900
MAX_FIRST_LINE_CHARS = 160
MIN_PHRASINGS = 4


def _no_blanks(values: tuple[str, ...], label: str) -> tuple[str, ...]:
    cleaned = tuple(v.strip() for v in values)
    if any(not v for v in cleaned):
        raise ValueError(f"{label} contains an empty item")
    if len(set(cleaned)) != len(cleaned):
        raise ValueError(f"{label} contains duplicates")
    return cleaned


class FaqText(BaseModel):
    """What a reader sees of an entry: its question, the answer and the rest behind "more"."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title: str
    answer: str
    more: str | None = None  # Markdown: the rest of the answer, behind a "more" button

    @field_validator("title")
    @classmethod
    def _question(cls, value: str) -> str:
        return question_title(value)

    @field_validator("answer")
    @classmethod
    def _answer(cls, value: str) -> str:
        return chat_answer(value)

    @field_validator("more")
    @classmethod
    def _more(cls, value: str | None) -> str | None:
        return None if value is None else bounded_text(value, "more", MAX_MORE_CHARS)


class FaqEntry(FaqText):
    """One question the coach can answer, with the ways people ask it and where it comes from."""

    phrasings: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    sources: tuple[str, ...]

    @field_validator("id")
    @classmethod
    def _kebab(cls, value: str) -> str:
        if not KEBAB_ID.match(value):
            raise ValueError(f"id {value!r} must be kebab-case (a-z, 0-9, hyphens)")
        return value

    @field_validator("phrasings")
    @classmethod
    def _phrasings(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(value) < MIN_PHRASINGS:
            raise ValueError(f"needs at least {MIN_PHRASINGS} phrasings, got {len(value)}")
        return _no_blanks(value, "phrasings")

    @field_validator("keywords")
    @classmethod
    def _keywords(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _no_blanks(value, "keywords")

    @field_validator("sources")
    @classmethod
    def _sources(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return seed_sources(value)

    @model_validator(mode="after")
    def _not_self_related(self) -> FaqEntry:
        if self.id in self.related:
            raise ValueError("an entry cannot list itself as related")
        return self


def question_title(value: str) -> str:
    """A stripped entry title, or a ValueError when it is not a question."""
    value = value.strip()
    if not value.endswith("?"):
        raise ValueError("title must be a question ending with '?'")
    return value


def chat_answer(value: str) -> str:
    """A stripped chat answer within the limits, opening with a short summary line."""
    value = value.strip()
    if len(value) > MAX_ANSWER_CHARS:
        raise ValueError(f"answer is {len(value)} characters; the limit is {MAX_ANSWER_CHARS}")
    lines = value.splitlines()
    if not lines or not lines[0].strip():
        raise ValueError("answer must start with a short summary line")
    if len(lines[0]) > MAX_FIRST_LINE_CHARS:
        raise ValueError(
            f"answer's first line is {len(lines[0])} characters; "
            f"keep it under {MAX_FIRST_LINE_CHARS}"
        )
    return value


def _compiled(patterns: tuple[str, ...]) -> tuple[str, ...]:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"pattern {pattern!r} is not a valid regex: {exc}") from exc
    return patterns


class SafetyCategory(BaseModel):
    """One safety category: its trigger patterns per language, and gym talk to let pass."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    category: str
    patterns: dict[str, tuple[str, ...]]
    unless: dict[str, tuple[str, ...]] = {}

    @field_validator("patterns", "unless")
    @classmethod
    def _compiles(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        for patterns in value.values():
            _compiled(patterns)
        return value


class IntakeRule(BaseModel):
    """Restrictive eating stated as a number of calories a day."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_kcal: int
    units: frozenset[str]
    eating: frozenset[str]
    verbs: frozenset[str]  # "i eat like 850": a figure right after one of these
    day: frozenset[str]
    not_intake: frozenset[str]
    # "restricting to 600 a day": a bare figure right before "a day", after one of these.
    bare_verbs: frozenset[str] = frozenset()
    per: frozenset[str] = frozenset()  # "a", "per", "al", "par", "am", "в" before a day word
    # Russian number words by value ("восьмисот": 800; "тысяча": 1000 multiplies), which the
    # number-word library does not read; written folded as messages are (е for ё).
    number_words: dict[str, float] = {}

    @field_validator(
        "units", "eating", "verbs", "day", "not_intake", "bare_verbs", "per", mode="before"
    )
    @classmethod
    def _words(cls, value: object) -> object:
        return frozenset(value.split()) if isinstance(value, str) else value


class MinorRule(BaseModel):
    """A stated age under 18 (or a school year) together with a procedure or fat-loss topic."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ages: tuple[str, ...]
    grades: tuple[str, ...]
    topics: tuple[str, ...]
    numbers: dict[str, int] = {}  # "fifteen", "quince", "пятнадцать": read as 15 in ages

    @field_validator("ages", "grades", "topics")
    @classmethod
    def _compiles(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _compiled(value)


class SafetyConfig(BaseModel):
    """Safety categories in the order they are checked (first match wins), and the two rules."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    categories: tuple[SafetyCategory, ...]
    intake: IntakeRule
    minor: MinorRule
    # Named word classes per language ("all" for every language), used as @name in patterns.
    lexicon: dict[str, dict[str, tuple[str, ...]]] = {}
    # Risk words whose one-letter misspellings ("suicde", "pregant") are read as the word.
    typos: tuple[str, ...] = ()
    # Gym idioms per language ("this workout killed me") blanked out before any category.
    idioms: dict[str, tuple[str, ...]] = {}

    @field_validator("idioms")
    @classmethod
    def _idioms_compile(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        for patterns in value.values():
            _compiled(patterns)
        return value

    @model_validator(mode="after")
    def _unique(self) -> SafetyConfig:
        names = [c.category for c in self.categories]
        if len(set(names)) != len(names):
            raise ValueError("safety categories must be unique")
        if not {"eating", "minor"} <= set(names):
            raise ValueError("the eating and minor categories are required")
        return self


_Text = TypeVar("_Text", bound=FaqText)


def load_faq(directory: Path | None = None) -> list[FaqEntry]:
    """Load and validate every FAQ entry in `directory` (default: knowledge/faq)."""
    folder = directory or FAQ_DIR
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise KnowledgeError(f"{folder}: no FAQ entries (*.yaml) found")
    entries: list[FaqEntry] = []
    seen: dict[str, Path] = {}
    for path in files:
        entry = load_entry(path, FaqEntry)
        if entry.id in seen:
            raise KnowledgeError(f"{path}: duplicate id {entry.id!r} (also in {seen[entry.id]})")
        seen[entry.id] = path
        entries.append(entry)
    for entry in entries:
        missing = [r for r in entry.related if r not in seen]
        if missing:
            raise KnowledgeError(f"{seen[entry.id]}: related id(s) not found: {', '.join(missing)}")
    return entries


def load_entry(path: Path, model: type[_Text]) -> _Text:
    """One entry file validated as `model`, its id matching the file name; errors name it."""
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise KnowledgeError(f"{path}: expected a mapping of fields, got {type(data).__name__}")
    try:
        entry = model.model_validate(data)
    except ValidationError as exc:
        raise KnowledgeError(f"{path}: {describe(exc)}") from exc
    if entry.id != path.stem:
        raise KnowledgeError(f"{path}: id {entry.id!r} must match the file name {path.stem!r}")
    return entry


def load_safety(path: Path | None = None) -> SafetyConfig:
    """Load and validate the safety rules (default: knowledge/safety.yaml)."""
    return load_model(path or SAFETY_PATH, SafetyConfig, "a mapping of categories and rules")
