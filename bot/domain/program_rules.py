"""Training rules behind the weekly program, as data and small pure functions.

Equipment. A profile's equipment answer maps to the catalogue words it unlocks; an exercise
is allowed only when *all* of its equipment is in that set:

    none      -> {bodyweight}              (household items such as a chair or stair count)
    bands     -> {bodyweight, band}
    dumbbells -> {bodyweight, dumbbell, kettlebell, bench}
    gym       -> every equipment word (cables, machines, ankle weights included)

Schedule. 2 days: mon/thu; 3 days: mon/wed/fri (never two days in a row); 4 days:
mon/tue/thu/fri (at most two in a row). Sessions alternate between a "lateral" focus and a
"unilateral strength" focus, so no focus follows itself.

Progression (articles: overload roughly every two weeks, deload to recover). Weeks are
numbered from 1. A week *counts* towards progression unless it is a deload week or its
feedback said adherence < 50 % or "too hard". The progression level of week w is
``counted weeks before w // 2``, so with no feedback:

    weeks 1-2  level 0: base variant, reps in the lower half of the range
    weeks 3-4  level 1: same variant, upper half of the range (more reps or more load)
    week 5     deload: the previous week's prescription with one set fewer, lower half
    weeks 6-7  level 2: the catalogue's harder variant (progression), lower half again
    weeks 8-9  level 3: upper half; week 10 deload; weeks 11-12 level 4: next variant ...

Variant step = level // 2, rep half = level % 2. A harder variant is used only when the
athlete's equipment and avoided stresses allow it, it is at most one level above theirs and
it was never reported painful. When the chain ends early the exercise stays and its cue
says how to go on: with a band, dumbbell, cable or machine the load goes up and the reps
keep following the halves (double progression); bodyweight-only moves go to the upper
half with one set more (never above four) and a slower lowering phase. Activation items
never progress: they stay light (two sets).

Feedback on the previous week. Adherence < 50 %: this week repeats last week's level.
Too hard: the level is held and every exercise loses one set (never below one).
Pain on an exercise (in any earlier week): swapped, see program_select.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.program_types import WeekFeedback
from knowledge.exercises import EQUIPMENT_WORDS, Exercise

EQUIPMENT_SETS: dict[str, frozenset[str]] = {
    "none": frozenset({"bodyweight"}),
    "bands": frozenset({"bodyweight", "band"}),
    "dumbbells": frozenset({"bodyweight", "dumbbell", "kettlebell", "bench"}),
    "gym": EQUIPMENT_WORDS,
}

LATERAL = "lateral"
UNILATERAL = "unilateral strength"
FOCUS_TITLES = {
    LATERAL: "Lateral focus: gluteus medius and minimus",
    UNILATERAL: "Unilateral strength and hip stability",
}
SCHEDULES: dict[int, tuple[tuple[str, str], ...]] = {
    2: (("mon", LATERAL), ("thu", UNILATERAL)),
    3: (("mon", LATERAL), ("wed", UNILATERAL), ("fri", LATERAL)),
    4: (("mon", LATERAL), ("tue", UNILATERAL), ("thu", LATERAL), ("fri", UNILATERAL)),
}

# Slots per goal and focus, after the activation item every session starts with. Every
# template has at least one "isolation" and one "stability" slot, and both only take
# exercises that load the gluteus medius or minimus, so each session has two such items
# and a compound-or-stability item. The goal sets the isolation share: soften leans on
# isolation, emphasize on heavy compound work, strength on stability.
TEMPLATES: dict[str, dict[str, tuple[str, ...]]] = {
    "soften": {
        LATERAL: ("isolation", "isolation", "isolation", "stability"),
        UNILATERAL: ("isolation", "isolation", "compound", "stability"),
    },
    "emphasize": {
        LATERAL: ("isolation", "isolation", "compound", "stability"),
        UNILATERAL: ("isolation", "compound", "compound", "stability"),
    },
    "strength": {
        LATERAL: ("isolation", "stability", "compound", "stability"),
        UNILATERAL: ("isolation", "compound", "stability", "stability"),
    },
}

BASE_SETS = {"activation": 2, "isolation": 3, "compound": 3, "stability": 3}
MAX_SETS = 4
REST_SECONDS: dict[str, dict[str, int]] = {
    "soften": {"activation": 30, "isolation": 60, "compound": 90, "stability": 60},
    "emphasize": {"activation": 30, "isolation": 90, "compound": 120, "stability": 60},
    "strength": {"activation": 30, "isolation": 60, "compound": 120, "stability": 75},
}
# Heavy work sits at 8-12 reps (articles 000 and 002); "emphasize" wants heavy loaded
# abductions, "strength" moderate ones. Bodyweight isolation keeps its catalogue range
# because it cannot be loaded heavier.
LOADED_ISOLATION_REPS = {"emphasize": (8, 12), "strength": (10, 15)}


def is_deload(week: int) -> bool:
    """Every fifth week is a lighter deload week."""
    return week % 5 == 0


@dataclass(frozen=True, slots=True)
class WeekState:
    """Where an athlete stands in week N once the earlier weeks' feedback is applied."""

    week: int
    level: int
    deload: bool
    repeated: bool
    too_hard: bool
    progressed: bool
    pain: frozenset[str]

    @property
    def variant_step(self) -> int:
        """How many steps along the progression chain this week asks for."""
        return self.level // 2

    @property
    def upper_half(self) -> bool:
        """True when reps sit in the upper half of the range (never in a deload week)."""
        return self.level % 2 == 1 and not self.deload


def week_state(week: int, history: Sequence[WeekFeedback]) -> WeekState:
    """Replay weeks 1..week with feedback history[i] for week i+1 (missing = no feedback)."""
    counted = 0
    level = previous_level = 0
    last: WeekFeedback | None = None
    pain: set[str] = set()
    for current in range(1, week + 1):
        previous_level = level
        last = history[current - 2] if 2 <= current <= len(history) + 1 else None
        held = last is not None and (last.low_adherence or last.too_hard)
        if last is not None:
            pain |= last.pain_exercises
        if current > 1 and not is_deload(current - 1) and not held:
            counted += 1
        # A held week repeats the previous level; a deload keeps it but lightens the dose.
        level = previous_level if is_deload(current) or held else counted // 2
    return WeekState(
        week=week,
        level=level,
        deload=is_deload(week),
        repeated=last is not None and last.low_adherence,
        too_hard=last is not None and last.too_hard,
        progressed=week > 1 and level > previous_level,
        pain=frozenset(pain),
    )


@dataclass(frozen=True, slots=True)
class Dose:
    """Sets, reps or seconds, and rest for one prescription."""

    sets: int
    reps: str | None
    seconds: int | None
    rest_seconds: int


def dose_for(
    exercise: Exercise, goal: str, purpose: str, state: WeekState, *, upper: bool, extra_sets: int
) -> Dose:
    """The dose for an exercise doing `purpose` in this week (deload and too-hard applied)."""
    sets = BASE_SETS[purpose] + extra_sets
    sets = min(sets, MAX_SETS) - int(state.deload) - int(state.too_hard)
    sets = max(sets, 1)
    rest = REST_SECONDS[goal][purpose]
    if exercise.seconds is not None:
        seconds = exercise.seconds + (exercise.seconds // 2 if upper else 0)
        return Dose(sets=sets, reps=None, seconds=seconds, rest_seconds=rest)
    low, high = _rep_range(exercise, goal, purpose)
    if purpose != "activation":
        # Split the range so every second week can add reps without leaving it.
        middle = (low + high + 1) // 2
        low, high = (middle, high) if upper else (low, middle)
    return Dose(sets=sets, reps=f"{low}-{high}", seconds=None, rest_seconds=rest)


def _rep_range(exercise: Exercise, goal: str, purpose: str) -> tuple[int, int]:
    bounds = exercise.rep_bounds
    assert bounds is not None  # only called for rep-based exercises
    if purpose == "isolation" and exercise.needs_load and goal in LOADED_ISOLATION_REPS:
        return LOADED_ISOLATION_REPS[goal]
    return bounds
