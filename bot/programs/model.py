"""Value types of the weekly program: the athlete's profile, feedback and the generated week."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.athletes.rules import (
    AVOIDABLE,
    DAYS_PER_WEEK,
    EQUIPMENT,
    GOALS,
    LEVELS,
    TrainingProfile,
)
from bot.errors import BadInput

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PURPOSES = ("activation", "working")
KINDS = ("activation", "compound", "isolation", "stability")


class ProgramInputError(BadInput, ValueError):
    """A profile, week or feedback value the generator cannot use; the text is user-safe."""


def _one_of(value: object, allowed: tuple[Any, ...], label: str) -> None:
    if value not in allowed or isinstance(value, bool):
        choices = ", ".join(str(choice) for choice in allowed)
        raise ProgramInputError(f"The {label} must be one of: {choices} (got {value!r}).")


@dataclass(frozen=True, slots=True)
class Profile:
    """What the generator needs: goal, equipment, level, days per week and stresses to avoid."""

    goal: str
    equipment: str
    level: str
    days_per_week: int
    avoid: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        _one_of(self.goal, GOALS, "goal")
        _one_of(self.equipment, EQUIPMENT, "equipment")
        _one_of(self.level, LEVELS, "level")
        _one_of(self.days_per_week, DAYS_PER_WEEK, "number of training days per week")
        if isinstance(self.avoid, str) or not isinstance(self.avoid, Iterable):
            raise ProgramInputError("Things to avoid must be a set such as {'knee', 'back'}.")
        avoid = frozenset(self.avoid)
        unknown = sorted(avoid - set(AVOIDABLE))
        if unknown:
            raise ProgramInputError(
                f"I can only avoid: {', '.join(AVOIDABLE)} (got {', '.join(map(str, unknown))})."
            )
        # Accept any iterable but store a frozenset so profiles compare and hash by value.
        object.__setattr__(self, "avoid", avoid)

    @classmethod
    def from_training_profile(cls, stored: TrainingProfile) -> Profile:
        """Build from the athlete's stored profile; ProgramInputError names missing fields."""
        if not stored.complete:
            missing = ", ".join(stored.missing())
            raise ProgramInputError(f"Finish your profile first (missing: {missing}).")
        assert stored.goal and stored.equipment and stored.level and stored.days_per_week
        return cls(stored.goal, stored.equipment, stored.level, stored.days_per_week, stored.avoid)


@dataclass(frozen=True, slots=True)
class WeekFeedback:
    """How one finished week went: share of sessions done, too hard, exercises that hurt."""

    adherence: float | None = None
    too_hard: bool = False
    pain_exercises: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.adherence is not None and not 0.0 <= self.adherence <= 1.0:
            raise ProgramInputError("Adherence must be a share between 0 and 1.")
        if isinstance(self.pain_exercises, str):
            raise ProgramInputError("Painful exercises must be a set of exercise ids.")
        object.__setattr__(self, "pain_exercises", frozenset(self.pain_exercises))

    @property
    def low_adherence(self) -> bool:
        """True when fewer than half of the planned sessions were done."""
        return self.adherence is not None and self.adherence < 0.5


@dataclass(frozen=True, slots=True)
class Lift:
    """One logged result of an exercise in a program week (from `log` or a check-in answer).

    `reps` are per set (seconds for holds); `reached_top` is a check-in answer saying
    whether every set reached the top of the planned range (None for a typed log).
    """

    week: int
    exercise_id: str
    reps: int | None = None
    sets: int | None = None
    load: str | None = None
    rir: int | None = None
    reached_top: bool | None = None


@dataclass(frozen=True, slots=True)
class Prescription:
    """One exercise in a session with its dose; `kind` is its job, `step` its progression."""

    exercise_id: str
    name: str
    muscles: tuple[str, ...]
    equipment: tuple[str, ...]
    kind: str
    sets: int
    reps: str | None
    seconds: int | None
    per_side: bool
    rir: int | None
    load: str | None
    rest_seconds: int
    cue: str
    step: int = 0

    @property
    def purpose(self) -> str:
        """'activation' for warm-up items, 'working' for sets that count."""
        return "activation" if self.kind == "activation" else "working"

    def to_json(self) -> dict[str, Any]:
        """The DESIGN §4 exercise object."""
        return {
            "id": self.exercise_id,
            "name": self.name,
            "muscles": list(self.muscles),
            "equipment": list(self.equipment),
            "purpose": self.purpose,
            "sets": self.sets,
            "reps": self.reps,
            "seconds": self.seconds,
            "per_side": self.per_side,
            "rir": self.rir,
            "load": self.load,
            "rest_seconds": self.rest_seconds,
            "cue": self.cue,
        }


@dataclass(frozen=True, slots=True)
class Session:
    """One training day: weekday, title, focus and its exercises in order."""

    weekday: str
    title: str
    focus: str
    exercises: tuple[Prescription, ...]

    def to_json(self) -> dict[str, Any]:
        """The DESIGN §4 session object."""
        return {
            "weekday": self.weekday,
            "title": self.title,
            "exercises": [item.to_json() for item in self.exercises],
        }


@dataclass(frozen=True, slots=True)
class WeekProgram:
    """One week of sessions for one athlete, with the notes that explain it."""

    week: int
    goal: str
    deload: bool
    sessions: tuple[Session, ...]
    notes: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """The DESIGN §4 `program --json` object."""
        return {
            "week": self.week,
            "goal": self.goal,
            "deload": self.deload,
            "sessions": [session.to_json() for session in self.sessions],
            "notes": list(self.notes),
        }
