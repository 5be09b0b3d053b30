"""Training rules behind the weekly program, as data and small pure functions.

docs/programming.md states these rules with their sources. In short:

Equipment. A profile's equipment answer unlocks catalogue words; an exercise is allowed only
when all of its equipment is unlocked (none: bodyweight; bands: + band; dumbbells: +
dumbbell, kettlebell, bench; gym: everything, barbell, cables and machines included).

Avoid flags rule out joints (the catalogue's `stresses`) and positions (`positions`):
knee -> no kneeling, no deep knee bends; hip -> nothing lying on the side, nothing that
crosses the leg over the midline; back -> no loaded hinges, no heavy carries or other axial
loading, no loaded spinal flexion. The hip thrust stays: the back rests on the bench.

Schedule. 2 days: mon/thu; 3 days: mon/wed/fri; 4 days: mon/tue/thu/fri.

Volume. Hard sets per muscle group per week, by level (HARD_SETS): one working set counts
once for each of an exercise's primary muscles and half for its other muscles. Activation
sets are warm-up and never count. The generator aims inside AIM, a band inside HARD_SETS.

Effort. Every working set has a reps-in-reserve target (RIR) by level and kind; deload
weeks add two. Weeks: every fifth week is a deload (one set fewer, further from failure).
A week counts towards progression unless it is a deload or its check-ins said adherence
< 50 % or "too hard" (then this week repeats, with one set fewer after "too hard").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.programs.model import WeekFeedback
from knowledge.exercises import EQUIPMENT_WORDS, Exercise

EQUIPMENT_SETS: dict[str, frozenset[str]] = {
    "none": frozenset({"bodyweight"}),
    "bands": frozenset({"bodyweight", "band"}),
    "dumbbells": frozenset({"bodyweight", "dumbbell", "kettlebell", "bench"}),
    "gym": EQUIPMENT_WORDS,
}
AVOID_POSITIONS: dict[str, frozenset[str]] = {
    "knee": frozenset({"kneeling", "deep-knee-bend"}),
    "hip": frozenset({"side-lying", "hip-crossing-midline"}),
    "back": frozenset({"loaded-hinge", "axial-load", "loaded-spinal-flexion"}),
}

SCHEDULES: dict[int, tuple[str, ...]] = {
    2: ("mon", "thu"),
    3: ("mon", "wed", "fri"),
    4: ("mon", "tue", "thu", "fri"),
}
# The main lift's movement group per session, in schedule order: hip extension first, then
# single-leg work, then a hinge; four days repeat the single-leg group with another lift.
MAIN_GROUPS = ("bridge", "single-leg", "hinge", "single-leg")

LATERAL = "gluteus medius/minimus"
MUSCLE_GROUPS: dict[str, tuple[str, ...]] = {
    LATERAL: ("gluteus medius", "gluteus minimus"),
    "gluteus maximus": ("gluteus maximus",),
    "quadriceps": ("quadriceps",),
    "hamstrings": ("hamstrings",),
    "adductors": ("adductors",),
}
# Weekly hard sets (low, high) per muscle group and level.
HARD_SETS: dict[str, dict[str, tuple[int, int]]] = {
    "beginner": {
        LATERAL: (6, 10),
        "gluteus maximus": (3, 12),
        "quadriceps": (0, 8),
        "hamstrings": (0, 8),
        "adductors": (0, 6),
    },
    "intermediate": {
        LATERAL: (10, 16),
        "gluteus maximus": (5, 16),
        "quadriceps": (0, 10),
        "hamstrings": (0, 10),
        "adductors": (0, 8),
    },
    "advanced": {
        LATERAL: (12, 20),
        "gluteus maximus": (6, 18),
        "quadriceps": (0, 12),
        "hamstrings": (0, 12),
        "adductors": (0, 10),
    },
}
# What the generator aims for: the middle of the range at least (counting each exercise's
# variant with the smallest share) and half a set under the top at most (the largest share).
AIM: dict[str, dict[str, tuple[float, float]]] = {
    level: {group: ((low + high) / 2, high - 0.5) for group, (low, high) in ranges.items()}
    for level, ranges in HARD_SETS.items()
}

MAIN_SETS = {"beginner": 2, "intermediate": 3, "advanced": 3}
FIRST_SETS = 2  # an isolation or stability item starts at two sets; the volume fit adds more
MAX_SETS = 4
ACTIVATION_SETS = 2
RIR: dict[str, dict[str, int]] = {
    "beginner": {"compound": 3, "isolation": 2, "stability": 3},
    "intermediate": {"compound": 2, "isolation": 1, "stability": 3},
    "advanced": {"compound": 2, "isolation": 1, "stability": 2},
}
DELOAD_EXTRA_RIR = 2
REST_SECONDS: dict[str, dict[str, int]] = {
    "soften": {"activation": 30, "compound": 120, "isolation": 60, "stability": 60},
    "emphasize": {"activation": 30, "compound": 120, "isolation": 75, "stability": 60},
    "strength": {"activation": 30, "compound": 150, "isolation": 60, "stability": 75},
}
# Loaded rep ranges by goal: heavy compound work at 8-12 (articles 000 and 002), lower for
# the strength goal; weighted abductions at 8-12 for emphasize (article 002), 10-15 otherwise.
LOADED_COMPOUND_REPS = {"soften": (8, 12), "emphasize": (8, 12), "strength": (6, 10)}
WEIGHTED_ISOLATION_REPS = {"soften": (10, 15), "emphasize": (8, 12), "strength": (10, 15)}
CALENDAR_WEEKS_PER_STEP = 2  # without logs, one progression step every two counted weeks


def is_deload(week: int) -> bool:
    """Every fifth week is a lighter deload week."""
    return week % 5 == 0


def counts(week: int, feedback: WeekFeedback | None) -> bool:
    """True when a finished week moves progression on (not a deload, not held back)."""
    held = feedback is not None and (feedback.low_adherence or feedback.too_hard)
    return not is_deload(week) and not held


@dataclass(frozen=True, slots=True)
class WeekState:
    """Where an athlete stands in week N once the earlier weeks' feedback is applied."""

    week: int
    deload: bool
    repeated: bool
    too_hard: bool
    counted_before: tuple[bool, ...]  # [k-1]: whether week k (k < week) counted
    pain: frozenset[str]


def week_state(week: int, history: Sequence[WeekFeedback]) -> WeekState:
    """Weeks 1..week with feedback history[i] for week i+1 (later feedback is ignored)."""
    known = list(history[: max(week - 1, 0)])
    feedback: list[WeekFeedback | None] = [*known, *[None] * (week - 1 - len(known))]
    pain: set[str] = set()
    for item in known:
        pain |= item.pain_exercises
    last = feedback[-1] if feedback else None
    return WeekState(
        week=week,
        deload=is_deload(week),
        repeated=last is not None and last.low_adherence,
        too_hard=last is not None and last.too_hard,
        counted_before=tuple(counts(k, feedback[k - 1]) for k in range(1, week)),
        pain=frozenset(pain),
    )


def rep_range(exercise: Exercise, goal: str, kind: str) -> tuple[int, int] | None:
    """The (low, high) reps per set for this exercise in this slot, or None for holds."""
    bounds = exercise.rep_bounds
    if bounds is None:
        return None
    if kind == "compound" and exercise.load_rank >= 2:
        return LOADED_COMPOUND_REPS[goal]
    if kind == "isolation" and exercise.load_rank >= 2:
        return WEIGHTED_ISOLATION_REPS[goal]
    return bounds


def rir_for(level: str, kind: str, deload: bool) -> int | None:
    """Reps in reserve for a working set (None for activation)."""
    if kind == "activation":
        return None
    return RIR[level][kind] + (DELOAD_EXTRA_RIR if deload else 0)


def working_sets(planned: int, state: WeekState) -> int:
    """Planned sets less one in a deload week and one after a too-hard week (never below 1)."""
    return max(planned - int(state.deload) - int(state.too_hard), 1)
