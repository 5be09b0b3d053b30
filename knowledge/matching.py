"""Matching data: per-language word lists (matching.yaml) and phrasings in other languages."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, field_validator

from knowledge.loading import KnowledgeError, load_model, read_yaml

MATCHING_PATH = Path(__file__).with_name("matching.yaml")
PHRASINGS_DIR = Path(__file__).with_name("phrasings")
LANGUAGES = ("en", "es", "pt", "fr", "de", "ru")


def _split(value: str) -> tuple[str, ...]:
    return tuple(value.split())


class LanguageWords(BaseModel):
    """The words one language contributes to matching."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    function: tuple[str, ...]
    negators: tuple[str, ...]
    anchors: tuple[str, ...]
    general: tuple[str, ...] = ()  # anchors that are every gym's words, not only ours
    english_note: str = ""
    synonyms: dict[str, tuple[str, ...]] = {}

    @field_validator("function", "negators", "anchors", "general", mode="before")
    @classmethod
    def _words(cls, value: object) -> object:
        return _split(value) if isinstance(value, str) else value

    @field_validator("synonyms", mode="before")
    @classmethod
    def _synonym_lines(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        table: dict[str, tuple[str, ...]] = {}
        for line in value.strip().splitlines():
            canonical, sep, variants = line.partition(":")
            if not sep or not canonical.strip() or not variants.split():
                raise ValueError(f"synonym line {line!r} must read 'canonical: variant ...'")
            for variant in variants.split():
                table[variant] = tuple(canonical.split())
        return table


class MatchingWords(BaseModel):
    """Every language's words, and the lookalike topics the bot refuses."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    languages: dict[str, LanguageWords]
    lookalikes: dict[str, tuple[str, ...]]

    @field_validator("languages")
    @classmethod
    def _all_languages(cls, value: dict[str, LanguageWords]) -> dict[str, LanguageWords]:
        missing = [lang for lang in LANGUAGES if lang not in value]
        if missing:
            raise ValueError(f"missing languages: {', '.join(missing)}")
        return value

    @field_validator("lookalikes", mode="before")
    @classmethod
    def _lookalike_words(cls, value: object) -> object:
        if isinstance(value, dict):
            return {k: _split(v) if isinstance(v, str) else v for k, v in value.items()}
        return value


def load_matching(path: Path | None = None) -> MatchingWords:
    """Load and validate knowledge/matching.yaml."""
    return load_model(path or MATCHING_PATH, MatchingWords, "a mapping of languages and lookalikes")


def load_phrasings(
    entry_ids: set[str], directory: Path | None = None
) -> dict[str, dict[str, tuple[str, ...]]]:
    """Phrasings per language per entry id from phrasings/<lang>.yaml; every id must exist."""
    folder = directory or PHRASINGS_DIR
    result: dict[str, dict[str, tuple[str, ...]]] = {}
    for path in sorted(folder.glob("*.yaml")):
        language = path.stem
        if language not in LANGUAGES:
            raise KnowledgeError(f"{path}: unknown language {language!r}")
        data = read_yaml(path)
        if not isinstance(data, dict):
            raise KnowledgeError(f"{path}: expected a mapping of entry id to phrasings")
        unknown = sorted(set(data) - entry_ids)
        if unknown:
            raise KnowledgeError(f"{path}: unknown entry id(s): {', '.join(unknown)}")
        table: dict[str, tuple[str, ...]] = {}
        for entry_id, phrasings in data.items():
            if not isinstance(phrasings, list) or not all(
                isinstance(p, str) and p.strip() for p in phrasings
            ):
                raise KnowledgeError(f"{path}: {entry_id}: expected a list of phrasings")
            table[entry_id] = tuple(p.strip() for p in phrasings)
        result[language] = table
    return result
