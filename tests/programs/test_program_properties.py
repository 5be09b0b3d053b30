"""Property-based and exhaustive checks: every profile and week gives a valid, stable program
with the level's weekly volume, the main lift first, effort targets and the avoid rules."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.athletes.rules import LEVELS
from bot.programs.generator import Lift, Profile, WeekFeedback, generate_week
from bot.programs.render import render_session
from tests.programs.helpers import (
    BY_ID,
    CATALOGUE,
    all_profiles,
    invariant_problems,
    json_problems,
    profiles,
    volume_problems,
)

weeks = st.integers(min_value=1, max_value=12)
feedback = st.builds(
    WeekFeedback,
    adherence=st.none() | st.floats(min_value=0.0, max_value=1.0),
    too_hard=st.booleans(),
)
lifts = st.builds(
    Lift,
    week=st.integers(min_value=1, max_value=12),
    exercise_id=st.sampled_from(CATALOGUE.ids),
    reps=st.none() | st.integers(min_value=1, max_value=40),
    sets=st.none() | st.integers(min_value=1, max_value=5),
    load=st.none() | st.sampled_from(["20 kg", "45 lb", "red band"]),
    rir=st.none() | st.integers(min_value=0, max_value=5),
    reached_top=st.none() | st.booleans(),
)
# Modest example counts: the exhaustive tests below cover every profile and week already.
PROPERTY_SETTINGS = settings(max_examples=60, deadline=None)


def test_every_profile_and_week_is_valid_with_the_levels_volume() -> None:
    # 864 profiles x 12 weeks: cheap enough to check exhaustively, not just by sampling.
    failures = []
    for profile in all_profiles():
        for week in range(1, 13):
            program = generate_week(CATALOGUE, profile, week)
            problems = invariant_problems(profile, program) + volume_problems(profile, program)
            problems += json_problems(program.to_json())
            if problems:
                failures.append((profile, week, problems))
    assert failures == []


def test_each_session_opens_with_its_main_lift_where_equipment_allows() -> None:
    for profile in all_profiles():
        for session in generate_week(CATALOGUE, profile, 1).sessions:
            working = [item for item in session.exercises if item.purpose == "working"]
            assert working, (profile, session.weekday)
            compounds = [item for item in working if item.kind == "compound"]
            if compounds:
                assert working[0].kind == "compound", (profile, session.weekday)
                main = BY_ID[working[0].exercise_id]
                assert main.load_rank == max(BY_ID[c.exercise_id].load_rank for c in compounds)
            assert any(item.kind == "isolation" for item in working), (profile, session.weekday)


def test_avoid_flags_rule_out_positions() -> None:
    for profile in all_profiles():
        ids = {
            item.exercise_id
            for session in generate_week(CATALOGUE, profile, 1).sessions
            for item in session.exercises
        }
        positions = {position for i in ids for position in BY_ID[i].positions}
        if "knee" in profile.avoid:
            assert not positions & {"kneeling", "deep-knee-bend"}, profile
        if "hip" in profile.avoid:
            assert not positions & {"side-lying", "hip-crossing-midline"}, profile
        if "back" in profile.avoid:
            assert not positions & {"loaded-hinge", "axial-load"}, profile


def test_back_avoiders_with_weights_keep_the_hip_thrust() -> None:
    for equipment, thrust in (("dumbbells", "hip-thrust"), ("gym", "barbell-hip-thrust")):
        for level in LEVELS:
            profile = Profile("soften", equipment, level, 3, frozenset({"back"}))
            program = generate_week(CATALOGUE, profile, 1)
            ids = [item.exercise_id for s in program.sessions for item in s.exercises]
            assert thrust in ids, profile
            assert any("Hip thrusts and bridges stay" in note for note in program.notes)


@PROPERTY_SETTINGS
@given(profile=profiles, week=weeks)
def test_every_working_set_shows_its_effort_target(profile: Profile, week: int) -> None:
    program = generate_week(CATALOGUE, profile, week)
    for session in program.sessions:
        text = render_session(session)
        for item in session.exercises:
            if item.purpose == "working":
                assert item.rir is not None and f"RIR {item.rir}" in text
            if item.per_side:
                assert "per side" in text


@PROPERTY_SETTINGS
@given(
    profile=profiles,
    week=weeks,
    history=st.lists(feedback, max_size=11),
    logged=st.lists(lifts, max_size=20),
)
def test_same_inputs_give_the_same_program(
    profile: Profile, week: int, history: list[WeekFeedback], logged: list[Lift]
) -> None:
    first = generate_week(CATALOGUE, profile, week, history, logged)
    second = generate_week(CATALOGUE, profile, week, tuple(history), tuple(logged))
    assert first == second
    assert first.to_json() == second.to_json()
    assert invariant_problems(profile, first) == []


@PROPERTY_SETTINGS
@given(
    profile=profiles,
    week=st.integers(min_value=2, max_value=12),
    history=st.lists(feedback, min_size=1, max_size=11),
    painful=st.sampled_from(CATALOGUE.ids),
    pain_week=st.integers(min_value=0, max_value=10),
)
def test_invariants_hold_with_feedback_and_one_painful_exercise(
    profile: Profile, week: int, history: list[WeekFeedback], painful: str, pain_week: int
) -> None:
    index = min(pain_week, len(history) - 1, week - 2)
    history[index] = WeekFeedback(
        history[index].adherence, history[index].too_hard, frozenset({painful})
    )
    program = generate_week(CATALOGUE, profile, week, history)
    assert invariant_problems(profile, program, frozenset({painful})) == []
    name = CATALOGUE.get(painful).name
    assert any(f"pain with {name}" in note for note in program.notes)
    assert any("pain persists" in note and "physiotherapist" in note for note in program.notes)


@PROPERTY_SETTINGS
@given(profile=profiles, week=weeks, logged=st.lists(lifts, max_size=10))
def test_feedback_and_logs_from_the_requested_week_on_are_ignored(
    profile: Profile, week: int, logged: list[Lift]
) -> None:
    future = [WeekFeedback(0.0, True, frozenset(CATALOGUE.ids))] * 12
    past = [WeekFeedback(1.0)] * (week - 1)
    later = [
        Lift(week + lift.week - 1, lift.exercise_id, lift.reps, lift.sets, lift.load, lift.rir)
        for lift in logged
    ]
    assert generate_week(CATALOGUE, profile, week, past + future, later) == generate_week(
        CATALOGUE, profile, week, past
    )
