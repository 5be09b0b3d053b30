"""Knowledge in other languages: validating loaders for knowledge/translations/<lang>/.

Each language folder holds `faq/<id>.yaml` (title, answer, more) for every English entry and
`exercises.yaml` (name, cues) for every exercise. Sources, related ids, phrasings and every
number that drives a program stay in the English files; a translation is checked against its
English original (same ids, same parts, same list items, same numbers) so it cannot drift.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from knowledge.exercises import Catalogue
from knowledge.faq import FaqEntry, FaqText, load_entry
from knowledge.loading import KnowledgeError, bounded_text, describe, read_yaml

TRANSLATIONS_DIR = Path(__file__).with_name("translations")
# The languages knowledge is written in besides English, as folder names (BCP 47).
KNOWLEDGE_LANGUAGES = ("es", "pt-BR")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\S", re.MULTILINE)
# "2,000" and "2.000" are the same number written in two conventions; "1.5" and "1,5" too.
_THOUSANDS = re.compile(r"(?<=\d)[.,\u00a0\u202f](?=\d{3}(?!\d))")
_NUMBER = re.compile(r"\d+")


class FaqTranslation(FaqText):
    """One FAQ entry's reader-facing text in another language (the same rules as English)."""


class ExerciseTranslation(BaseModel):
    """One exercise's name and technique cues in another language."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    cues: tuple[str, ...]

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return bounded_text(value, "name", 80)

    @field_validator("cues")
    @classmethod
    def _cues(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(bounded_text(cue, "cue", 300) for cue in value)


@dataclass(frozen=True)
class LanguagePack:
    """Everything written in one language: FAQ entries and exercises by id."""

    language: str
    faq: Mapping[str, FaqTranslation]
    exercises: Mapping[str, ExerciseTranslation]


def list_items(text: str | None) -> int:
    """How many Markdown list items (bulleted or numbered) a text has."""
    return len(_LIST_ITEM.findall(text or ""))


def numbers(text: str | None) -> frozenset[str]:
    """The numbers a text states, whatever its thousands separator."""
    return frozenset(_NUMBER.findall(_THOUSANDS.sub("", text or "")))


def same_shape(original: Sequence[str | None], translated: Sequence[str | None]) -> str | None:
    """Why a translated text does not carry its original's list items and numbers, or None."""
    for english, other in zip(original, translated, strict=True):
        if list_items(english) != list_items(other):
            return f"has {list_items(other)} list items where English has {list_items(english)}"
        if numbers(english) != numbers(other):
            missing = sorted(numbers(english) - numbers(other))
            extra = sorted(numbers(other) - numbers(english))
            return f"numbers differ from English (missing {missing}, extra {extra})"
    return None


def available_languages(folder: Path | None = None) -> tuple[str, ...]:
    """The knowledge languages that have a folder under knowledge/translations."""
    root = folder or TRANSLATIONS_DIR
    return tuple(lang for lang in KNOWLEDGE_LANGUAGES if (root / lang).is_dir())


def load_language(
    language: str, entries: Sequence[FaqEntry], catalogue: Catalogue, folder: Path | None = None
) -> LanguagePack:
    """Load and check one language's FAQ entries and exercises against the English ones."""
    root = (folder or TRANSLATIONS_DIR) / language
    return LanguagePack(
        language,
        load_faq_translations(root / "faq", entries),
        load_exercise_translations(root / "exercises.yaml", catalogue),
    )


def load_languages(
    entries: Sequence[FaqEntry], catalogue: Catalogue, folder: Path | None = None
) -> dict[str, LanguagePack]:
    """Every knowledge language that has a folder, each checked against English."""
    return {
        lang: load_language(lang, entries, catalogue, folder)
        for lang in available_languages(folder)
    }


def load_exercise_languages(
    catalogue: Catalogue, folder: Path | None = None
) -> dict[str, dict[str, ExerciseTranslation]]:
    """Every knowledge language's exercise names and cues, each checked against English."""
    root = folder or TRANSLATIONS_DIR
    return {
        lang: load_exercise_translations(root / lang / "exercises.yaml", catalogue)
        for lang in available_languages(root)
    }


def load_faq_translations(folder: Path, entries: Sequence[FaqEntry]) -> dict[str, FaqTranslation]:
    """One translation per English entry, each with the same parts, list items and numbers."""
    english = {e.id: e for e in entries}
    found = {path.stem: path for path in sorted(folder.glob("*.yaml"))}
    missing = sorted(set(english) - set(found))
    if missing:
        raise KnowledgeError(f"{folder}: no translation for: {', '.join(missing)}")
    extra = sorted(set(found) - set(english))
    if extra:
        raise KnowledgeError(f"{found[extra[0]]}: no English entry with id {extra[0]!r}")
    return {entry_id: _faq_file(found[entry_id], english[entry_id]) for entry_id in english}


def _faq_file(path: Path, entry: FaqEntry) -> FaqTranslation:
    translation = load_entry(path, FaqTranslation)
    if (translation.more is None) != (entry.more is None):
        state = "has" if entry.more else "has no"
        raise KnowledgeError(f"{path}: the English entry {state} `more`; the translation must too")
    for part, english, other in (
        ("answer", entry.answer, translation.answer),
        ("more", entry.more, translation.more),
        ("title", entry.title, translation.title),
    ):
        problem = same_shape([english], [other])
        if problem:
            raise KnowledgeError(f"{path}: {part} {problem}")
    return translation


def load_exercise_translations(path: Path, catalogue: Catalogue) -> dict[str, ExerciseTranslation]:
    """A name and as many cues as English for every exercise, with the same numbers."""
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise KnowledgeError(f"{path}: expected a mapping of exercise ids")
    missing = [i for i in catalogue.ids if i not in data]
    if missing:
        raise KnowledgeError(f"{path}: no translation for: {', '.join(missing)}")
    extra = sorted(set(data) - set(catalogue.ids))
    if extra:
        raise KnowledgeError(f"{path}: unknown exercise id(s): {', '.join(map(str, extra))}")
    found: dict[str, ExerciseTranslation] = {}
    for exercise in catalogue:
        try:
            translation = ExerciseTranslation.model_validate(data[exercise.id])
        except ValidationError as exc:
            raise KnowledgeError(f"{path}: {exercise.id}: {describe(exc)}") from exc
        if len(translation.cues) != len(exercise.cues):
            raise KnowledgeError(
                f"{path}: {exercise.id}: {len(translation.cues)} cues where English has "
                f"{len(exercise.cues)}"
            )
        problem = same_shape((exercise.name, *exercise.cues), (translation.name, *translation.cues))
        if problem:
            raise KnowledgeError(f"{path}: {exercise.id}: name or a cue {problem}")
        found[exercise.id] = translation
    return found
