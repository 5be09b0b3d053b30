"""Shared fixtures-free helpers for the program tests: the catalogue and invariant checks."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from bot.domain.athletes import AVOIDABLE, DAYS_PER_WEEK, EQUIPMENT, GOALS, LEVELS
from bot.domain.program_rules import EQUIPMENT_SETS
from bot.domain.program_types import WEEKDAYS, Profile, WeekProgram
from knowledge.exercises import Catalogue, load_exercises

CATALOGUE: Catalogue = load_exercises()
# Plain dicts: the invariant checks run ~100k lookups in the exhaustive test.
BY_ID = {exercise.id: exercise for exercise in CATALOGUE}
FAMILY = CATALOGUE.families
AVOID_SUBSETS = tuple(
    frozenset(combo)
    for size in range(len(AVOIDABLE) + 1)
    for combo in itertools.combinations(AVOIDABLE, size)
)
EXERCISE_KEYS = {
    "id",
    "name",
    "muscles",
    "equipment",
    "sets",
    "reps",
    "seconds",
    "rest_seconds",
    "cue",
}


def all_profiles() -> Iterator[Profile]:
    """Every goal x equipment x level x days x avoid-subset combination (864 profiles)."""
    for goal, equipment, level, days, avoid in itertools.product(
        GOALS, EQUIPMENT, LEVELS, DAYS_PER_WEEK, AVOID_SUBSETS
    ):
        yield Profile(goal, equipment, level, days, avoid)


def invariant_problems(
    profile: Profile, program: WeekProgram, pain: frozenset[str] = frozenset()
) -> list[str]:
    """Every broken program invariant, described; empty when the program is valid."""
    problems: list[str] = []
    allowed = EQUIPMENT_SETS[profile.equipment]
    expected_days = {2: ["mon", "thu"], 3: ["mon", "wed", "fri"], 4: ["mon", "tue", "thu", "fri"]}
    weekdays = [session.weekday for session in program.sessions]
    if weekdays != expected_days[profile.days_per_week]:
        problems.append(f"weekdays {weekdays}")
    problems += _schedule_problems(profile, program)
    if program.deload != (program.week % 5 == 0):
        problems.append("deload flag does not match the fifth-week rule")
    for session in program.sessions:
        where = f"{session.weekday}:"
        exercises = [BY_ID[item.exercise_id] for item in session.exercises]
        if not session.exercises or session.exercises[0].purpose != "activation":
            problems.append(f"{where} does not open with an activation item")
        lateral = [ex for ex in exercises[1:] if ex.loads_lateral_glutes]
        if len(lateral) < 2:
            problems.append(f"{where} fewer than two gluteus medius/minimus exercises")
        if not any(item.purpose in ("compound", "stability") for item in session.exercises):
            problems.append(f"{where} no compound or stability item")
        families = [FAMILY[ex.id] for ex in exercises]
        if len(set(families)) != len(families):
            problems.append(f"{where} two variants of one exercise")
        for item, exercise in zip(session.exercises, exercises, strict=True):
            if not allowed.issuperset(exercise.equipment):
                problems.append(f"{where} {exercise.id} needs {exercise.equipment}")
            if profile.avoid & set(exercise.stresses):
                problems.append(f"{where} {exercise.id} stresses an avoided area")
            if exercise.id in pain:
                problems.append(f"{where} painful {exercise.id} still programmed")
            if not 1 <= item.sets <= 4:
                problems.append(f"{where} {exercise.id} has {item.sets} sets")
            if (item.reps is None) == (item.seconds is None):
                problems.append(f"{where} {exercise.id} needs exactly one of reps/seconds")
    return problems


def _schedule_problems(profile: Profile, program: WeekProgram) -> list[str]:
    indexes = [WEEKDAYS.index(session.weekday) for session in program.sessions]
    run = longest = 1
    for before, after in itertools.pairwise(indexes):
        run = run + 1 if after == before + 1 else 1
        longest = max(longest, run)
    problems = []
    if profile.days_per_week in (2, 3) and longest > 1:
        problems.append("sessions on consecutive days")
    if longest > 2:
        problems.append("more than two sessions in a row")
    focuses = [session.focus for session in program.sessions]
    if any(a == b for a, b in itertools.pairwise(focuses)):
        problems.append(f"same focus twice in a row: {focuses}")
    return problems


def json_problems(payload: dict[str, object]) -> list[str]:
    """Differences between a program's to_json() and the DESIGN §4 contract."""
    problems: list[str] = []
    if set(payload) != {"week", "goal", "deload", "sessions", "notes"}:
        problems.append(f"top-level keys {sorted(payload)}")
    if not isinstance(payload["week"], int) or not isinstance(payload["deload"], bool):
        problems.append("week/deload types")
    notes = payload["notes"]
    if not isinstance(notes, list) or not all(isinstance(note, str) for note in notes):
        problems.append("notes must be a list of strings")
    sessions = payload["sessions"]
    assert isinstance(sessions, list)
    for session in sessions:
        if set(session) != {"weekday", "title", "exercises"} or session["weekday"] not in WEEKDAYS:
            problems.append(f"session keys {sorted(session)}")
        for item in session["exercises"]:
            if set(item) != EXERCISE_KEYS:
                problems.append(f"exercise keys {sorted(item)}")
            typed = (
                isinstance(item["sets"], int)
                and isinstance(item["rest_seconds"], int)
                and isinstance(item["cue"], str)
                and isinstance(item["muscles"], list)
                and isinstance(item["equipment"], list)
                and (item["reps"] is None or isinstance(item["reps"], str))
                and (item["seconds"] is None or isinstance(item["seconds"], int))
            )
            if not typed:
                problems.append(f"exercise types {item}")
    return problems
