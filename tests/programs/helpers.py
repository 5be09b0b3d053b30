"""Shared helpers for the program tests: the catalogue, profiles, invariants and a simulated
athlete who logs every working set."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator

from hypothesis import strategies as st

from bot.athletes.rules import AVOIDABLE, DAYS_PER_WEEK, EQUIPMENT, GOALS, LEVELS
from bot.programs.generator import generate_week
from bot.programs.model import WEEKDAYS, Lift, Profile, WeekProgram
from bot.programs.rules import AVOID_POSITIONS, EQUIPMENT_SETS, HARD_SETS
from bot.programs.volume import hard_sets
from knowledge.exercises import Catalogue, load_exercises

CATALOGUE: Catalogue = load_exercises()
# Plain dicts: the invariant checks run ~100k lookups in the exhaustive tests.
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
    "purpose",
    "sets",
    "reps",
    "seconds",
    "per_side",
    "rir",
    "load",
    "rest_seconds",
    "cue",
}
EXPECTED_DAYS = {2: ["mon", "thu"], 3: ["mon", "wed", "fri"], 4: ["mon", "tue", "thu", "fri"]}
TEST_LOAD = "20 kg"


def all_profiles() -> Iterator[Profile]:
    """Every goal x equipment x level x days x avoid-subset combination (864 profiles)."""
    for goal, equipment, level, days, avoid in itertools.product(
        GOALS, EQUIPMENT, LEVELS, DAYS_PER_WEEK, AVOID_SUBSETS
    ):
        yield Profile(goal, equipment, level, days, avoid)


def weekly_hard_sets(program: WeekProgram) -> dict[str, float]:
    """Hard sets per muscle group over the week's working sets."""
    return hard_sets(
        (BY_ID[item.exercise_id], item.sets)
        for session in program.sessions
        for item in session.exercises
        if item.purpose == "working"
    )


def volume_problems(profile: Profile, program: WeekProgram) -> list[str]:
    """Muscle groups whose weekly hard sets leave the level's range (deload: at most the top
    and at least half the bottom)."""
    problems = []
    totals = weekly_hard_sets(program)
    for group, (low, high) in HARD_SETS[profile.level].items():
        floor = low / 2 if program.deload else low
        if not floor <= totals[group] <= high:
            problems.append(f"{group}: {totals[group]} hard sets, range {low}-{high}")
    return problems


def invariant_problems(
    profile: Profile, program: WeekProgram, pain: frozenset[str] = frozenset()
) -> list[str]:
    """Every broken program invariant, described; empty when the program is valid."""
    problems: list[str] = []
    weekdays = [session.weekday for session in program.sessions]
    if weekdays != EXPECTED_DAYS[profile.days_per_week]:
        problems.append(f"weekdays {weekdays}")
    if program.deload != (program.week % 5 == 0):
        problems.append("deload flag does not match the fifth-week rule")
    uses = Counter(
        item.exercise_id
        for session in program.sessions
        for item in session.exercises
        if item.purpose == "working"
    )
    problems += [f"{name} {count} times a week" for name, count in uses.items() if count > 2]
    for session in program.sessions:
        problems += _session_problems(profile, session.weekday, session.exercises, pain)
    return problems


def _session_problems(
    profile: Profile, where: str, items: tuple, pain: frozenset[str]
) -> list[str]:
    problems: list[str] = []
    allowed = EQUIPMENT_SETS[profile.equipment]
    blocked = frozenset().union(*(AVOID_POSITIONS[area] for area in profile.avoid))
    exercises = [BY_ID[item.exercise_id] for item in items]
    # A painful warm-up move may be left out when nothing else fits (the notes say so).
    if not pain and (not items or items[0].purpose != "activation"):
        problems.append(f"{where}: does not open with an activation item")
    kinds = [item.kind for item in items if item.purpose == "working"]
    if "compound" in kinds and "isolation" in kinds:
        last_compound = max(i for i, kind in enumerate(kinds) if kind == "compound")
        if last_compound > kinds.index("isolation"):
            problems.append(f"{where}: a compound lift after an isolation move {kinds}")
    families = [FAMILY[ex.id] for ex in exercises]
    if len(set(families)) != len(families):
        problems.append(f"{where}: two variants of one exercise")
    for item, exercise in zip(items, exercises, strict=True):
        if not allowed.issuperset(exercise.equipment):
            problems.append(f"{where}: {exercise.id} needs {exercise.equipment}")
        if profile.avoid & set(exercise.stresses) or blocked & set(exercise.positions):
            problems.append(f"{where}: {exercise.id} loads an avoided joint or position")
        if exercise.id in pain:
            problems.append(f"{where}: painful {exercise.id} still programmed")
        if not 1 <= item.sets <= 4:
            problems.append(f"{where}: {exercise.id} has {item.sets} sets")
        if (item.reps is None) == (item.seconds is None):
            problems.append(f"{where}: {exercise.id} needs exactly one of reps/seconds")
        if (item.rir is None) != (item.purpose == "activation"):
            problems.append(f"{where}: {exercise.id} ({item.purpose}) has rir {item.rir}")
        if item.per_side != exercise.per_side:
            problems.append(f"{where}: {exercise.id} per_side differs from the catalogue")
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
            elif not _typed(item):
                problems.append(f"exercise types {item}")
    return problems


def _typed(item: dict[str, object]) -> bool:
    return (
        isinstance(item["sets"], int)
        and isinstance(item["rest_seconds"], int)
        and isinstance(item["cue"], str)
        and isinstance(item["muscles"], list)
        and isinstance(item["equipment"], list)
        and item["purpose"] in ("activation", "working")
        and isinstance(item["per_side"], bool)
        and (item["reps"] is None or isinstance(item["reps"], str))
        and (item["seconds"] is None or isinstance(item["seconds"], int))
        and (item["rir"] is None or isinstance(item["rir"], int))
        and (item["load"] is None or isinstance(item["load"], str))
    )


def simulate(profile: Profile, *, reach_top: bool, weeks: int = 12) -> list[WeekProgram]:
    """Weeks 1..weeks for an athlete who logs every working set of every session, at the
    top of the range (or one short of it when `reach_top` is False), at the target effort and
    at the prescribed load (TEST_LOAD when none is known yet and the exercise takes load)."""
    lifts: list[Lift] = []
    programs: list[WeekProgram] = []
    for week in range(1, weeks + 1):
        program = generate_week(CATALOGUE, profile, week, lifts=lifts)
        programs.append(program)
        for session in program.sessions:
            for item in session.exercises:
                if item.purpose != "working":
                    continue
                high = int(item.reps.split("-")[1]) if item.reps else item.seconds or 0
                load = item.load or (TEST_LOAD if BY_ID[item.exercise_id].needs_load else None)
                reps = high if reach_top else high - 1
                lifts.append(Lift(week, item.exercise_id, reps, item.sets, load, item.rir))
    return programs


# Any profile the athlete can choose, for property tests.
profiles = st.builds(
    Profile,
    goal=st.sampled_from(GOALS),
    equipment=st.sampled_from(EQUIPMENT),
    level=st.sampled_from(LEVELS),
    days_per_week=st.sampled_from(DAYS_PER_WEEK),
    avoid=st.frozensets(st.sampled_from(AVOIDABLE)),
)
