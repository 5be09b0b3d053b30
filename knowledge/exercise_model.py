"""One catalogue exercise: its fields, vocabularies and validation (loaded by exercises.py)."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from knowledge.sources import KEBAB_ID, seed_sources

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
    {
        "bodyweight",
        "band",
        "dumbbell",
        "kettlebell",
        "barbell",
        "cable",
        "machine",
        "bench",
        "ankle weights",
    }
)
STRESSES = frozenset({"knee", "back", "hip"})
# Body positions an avoid flag can rule out (see AVOID_POSITIONS in bot/programs/rules.py).
POSITIONS = frozenset(
    {
        "kneeling",
        "deep-knee-bend",
        "side-lying",
        "hip-crossing-midline",
        "loaded-hinge",
        "axial-load",
        "loaded-spinal-flexion",
    }
)
LEVEL_ORDER = {"beginner": 0, "intermediate": 1, "advanced": 2}
LOAD_RANKS = {
    "barbell": 3,
    "dumbbell": 2,
    "kettlebell": 2,
    "cable": 2,
    "machine": 2,
    "ankle weights": 1,
    "band": 1,
}

Plane = Literal["frontal", "sagittal", "transverse", "multi"]
Role = Literal["activation", "isolation", "compound", "stability"]
Level = Literal["beginner", "intermediate", "advanced"]
# Movement pattern of a compound lift; a session's main lift is picked by pattern group.
Pattern = Literal["bridge", "hinge", "squat", "lunge", "step-up"]

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
    primary: tuple[str, ...]
    plane: Plane
    role: Role
    pattern: Pattern | None = None
    equipment: tuple[str, ...]
    level: Level
    reps: str | None = None
    seconds: int | None = None
    per_side: bool
    cues: tuple[str, ...]
    progression: tuple[str, ...] = ()
    regression: str | None = None
    stresses: tuple[str, ...] = ()
    positions: tuple[str, ...] = ()
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

    @field_validator("progression", mode="before")
    @classmethod
    def _progression_list(cls, value: Any) -> Any:
        if value is None:
            return ()
        return (value,) if isinstance(value, str) else value

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

    @field_validator("positions")
    @classmethod
    def _known_positions(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _known(value, POSITIONS, "position")

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
        if self.id == self.regression or self.id in self.progression:
            raise ValueError("an exercise cannot be its own progression or regression")
        if (self.pattern is None) == (self.role == "compound"):
            raise ValueError("a compound exercise needs a pattern, and only a compound has one")
        if not self.primary or not set(self.primary) <= set(self.muscles):
            raise ValueError("primary must name at least one of the exercise's muscles")
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
        return any(item not in ("bodyweight", "bench") for item in self.equipment)

    @property
    def load_rank(self) -> int:
        """How heavily it can be loaded: 3 barbell, 2 weights/cable/machine, 1 band, 0 none."""
        return max(LOAD_RANKS.get(item, 0) for item in self.equipment)

    def set_share(self, muscle: str) -> float:
        """How much one working set counts for a muscle: 1 primary, 0.5 other listed, else 0."""
        if muscle in self.primary:
            return 1.0
        return 0.5 if muscle in self.muscles else 0.0
