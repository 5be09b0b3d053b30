"""The exercise catalogue: pydantic models and a validating loader for exercises.yaml."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from knowledge.sources import KEBAB_ID, seed_sources

DEFAULT_PATH = Path(__file__).with_name("exercises.yaml")

MUSCLES = frozenset(
    {
        "gluteus medius",
        "gluteus minimus",
        "gluteus maximus",
        "tensor fasciae latae",
        "hamstrings",
        "quadriceps",
        "adductors",
        "core",
        "obliques",
        "forearms",
    }
)
LATERAL_GLUTES = frozenset({"gluteus medius", "gluteus minimus"})
GLUTES = LATERAL_GLUTES | {"gluteus maximus"}
EQUIPMENT_WORDS = frozenset(
    {"bodyweight", "band", "dumbbell", "kettlebell", "cable", "machine", "bench", "ankle weights"}
)
STRESSES = frozenset({"knee", "back", "hip"})
LEVEL_ORDER = {"beginner": 0, "intermediate": 1, "advanced": 2}

Plane = Literal["frontal", "sagittal", "transverse", "multi"]
Role = Literal["activation", "isolation", "compound", "stability"]
Level = Literal["beginner", "intermediate", "advanced"]

_REPS = re.compile(r"^(\d+)-(\d+)$")


class CatalogueError(ValueError):
    """The catalogue file is unreadable or an entry breaks a rule; the text names the entry."""


def _known(values: tuple[str, ...], allowed: frozenset[str], label: str) -> tuple[str, ...]:
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise ValueError(
            f"unknown {label}: {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})"
        )
    if len(set(values)) != len(values):
        raise ValueError(f"{label} listed twice")
    return values


class Exercise(BaseModel):
    """One exercise with what it works, what it needs and how to prescribe it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    muscles: tuple[str, ...]
    plane: Plane
    role: Role
    equipment: tuple[str, ...]
    level: Level
    reps: str | None = None
    seconds: int | None = None
    cues: tuple[str, ...]
    progression: str | None = None
    regression: str | None = None
    stresses: tuple[str, ...] = ()
    sources: tuple[str, ...]

    @field_validator("id")
    @classmethod
    def _kebab_case(cls, value: str) -> str:
        if not KEBAB_ID.match(value):
            raise ValueError("id must be kebab-case (lowercase words joined by '-')")
        return value

    @field_validator("name")
    @classmethod
    def _non_empty_name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("name must not be empty")
        return value

    @field_validator("muscles")
    @classmethod
    def _known_muscles(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("at least one muscle is required")
        return _known(value, MUSCLES, "muscle")

    @field_validator("equipment")
    @classmethod
    def _known_equipment(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("equipment must list at least one word (use 'bodyweight')")
        return _known(value, EQUIPMENT_WORDS, "equipment")

    @field_validator("stresses")
    @classmethod
    def _known_stresses(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _known(value, STRESSES, "stress")

    @field_validator("reps")
    @classmethod
    def _rep_range(cls, value: str | None) -> str | None:
        if value is None:
            return value
        match = _REPS.match(value)
        if not match or not 0 < int(match[1]) < int(match[2]):
            raise ValueError("reps must look like '10-20' with the low number first")
        return value

    @field_validator("seconds")
    @classmethod
    def _positive_seconds(cls, value: int | None) -> int | None:
        if value is not None and not 0 < value <= 600:
            raise ValueError("seconds must be between 1 and 600")
        return value

    @field_validator("cues")
    @classmethod
    def _has_cues(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value or any(not cue.strip() for cue in value):
            raise ValueError("at least one non-empty cue is required")
        return value

    @field_validator("sources")
    @classmethod
    def _source_files(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return seed_sources(value)

    @model_validator(mode="after")
    def _one_dose(self) -> Exercise:
        if (self.reps is None) == (self.seconds is None):
            raise ValueError("give exactly one of reps or seconds")
        if self.id in (self.progression, self.regression):
            raise ValueError("an exercise cannot be its own progression or regression")
        return self

    @property
    def rep_bounds(self) -> tuple[int, int] | None:
        """The (low, high) rep range, or None for timed exercises."""
        if self.reps is None:
            return None
        low, high = self.reps.split("-")
        return int(low), int(high)

    @property
    def level_rank(self) -> int:
        """0 for beginner, 1 for intermediate, 2 for advanced."""
        return LEVEL_ORDER[self.level]

    @property
    def loads_lateral_glutes(self) -> bool:
        """True when it works the gluteus medius or minimus."""
        return not LATERAL_GLUTES.isdisjoint(self.muscles)

    @property
    def needs_load(self) -> bool:
        """True when it needs equipment beyond bodyweight (so load can be added)."""
        return any(item != "bodyweight" for item in self.equipment)


class Catalogue(BaseModel):
    """All exercises, checked as a whole: unique ids and links that resolve without loops."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    exercises: tuple[Exercise, ...]
    _by_id: dict[str, Exercise] = PrivateAttr(default_factory=dict)
    _family: dict[str, str] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _links(self) -> Catalogue:
        by_id: dict[str, Exercise] = {}
        for exercise in self.exercises:
            if exercise.id in by_id:
                raise ValueError(f"exercise '{exercise.id}': id is used twice")
            by_id[exercise.id] = exercise
        for exercise in self.exercises:
            for link in ("progression", "regression"):
                target = getattr(exercise, link)
                if target is not None and target not in by_id:
                    raise ValueError(f"exercise '{exercise.id}': {link} '{target}' does not exist")
        for link in ("progression", "regression"):
            for exercise in self.exercises:
                _walk_without_loop(exercise, by_id, link)
        self._by_id = by_id
        self._family = {
            ex.id: _walk_without_loop(ex, by_id, "regression")[-1] for ex in self.exercises
        }
        return self

    def get(self, exercise_id: str) -> Exercise:
        """The exercise with this id; KeyError when there is none."""
        return self._by_id[exercise_id]

    def family(self, exercise_id: str) -> str:
        """The id at the gentle end of the exercise's regression chain (its variant family)."""
        return self._family[exercise_id]

    @property
    def families(self) -> dict[str, str]:
        """Every exercise id mapped to its family id (a copy; cheap lookups for hot loops)."""
        return dict(self._family)

    @property
    def ids(self) -> tuple[str, ...]:
        """All exercise ids in file order."""
        return tuple(ex.id for ex in self.exercises)

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self._by_id

    def __iter__(self) -> Iterator[Exercise]:  # type: ignore[override]
        return iter(self.exercises)

    def __len__(self) -> int:
        return len(self.exercises)


def _walk_without_loop(start: Exercise, by_id: dict[str, Exercise], link: str) -> list[str]:
    """Follow one link kind from start; the chain of ids visited, or ValueError on a loop."""
    chain = [start.id]
    current: str | None = getattr(start, link)
    while current is not None:
        if current in chain:
            raise ValueError(f"exercise '{start.id}': {link} chain loops back to '{current}'")
        chain.append(current)
        current = getattr(by_id[current], link)
    return chain


def load_exercises(path: Path | None = None) -> Catalogue:
    """Load and validate the exercise catalogue; CatalogueError names the faulty exercise."""
    source = path or DEFAULT_PATH
    try:
        # The C loader (when PyYAML was built with libyaml) parses several times faster.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        raw = yaml.load(source.read_text(encoding="utf-8"), Loader=loader)
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogueError(f"cannot read exercise catalogue {source}: {exc}") from exc
    entries = raw.get("exercises") if isinstance(raw, dict) else None
    if not isinstance(entries, list) or not entries:
        raise CatalogueError(f"{source}: expected a top-level 'exercises:' list")
    exercises = [_parse_entry(entry, number) for number, entry in enumerate(entries, start=1)]
    try:
        return Catalogue(exercises=tuple(exercises))
    except ValidationError as exc:
        raise CatalogueError(f"{source}: {_first_message(exc)}") from exc


def _parse_entry(entry: Any, number: int) -> Exercise:
    label = f"entry {number}"
    if isinstance(entry, dict) and isinstance(entry.get("id"), str):
        label = f"exercise '{entry['id']}'"
    if not isinstance(entry, dict):
        raise CatalogueError(f"{label}: expected a mapping of fields")
    try:
        return Exercise.model_validate(entry)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or 'entry'}: {error['msg']}"
            for error in exc.errors()
        )
        raise CatalogueError(f"{label}: {problems}") from exc


def _first_message(exc: ValidationError) -> str:
    message = str(exc.errors()[0]["msg"])
    return message.removeprefix("Value error, ")
