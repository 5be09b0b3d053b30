"""Property-based and exhaustive checks: every profile and week gives a valid, stable program."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.athletes import AVOIDABLE, DAYS_PER_WEEK, EQUIPMENT, GOALS, LEVELS
from bot.domain.programs import Profile, WeekFeedback, generate_week
from tests.programs.helpers import CATALOGUE, all_profiles, invariant_problems, json_problems

profiles = st.builds(
    Profile,
    goal=st.sampled_from(GOALS),
    equipment=st.sampled_from(EQUIPMENT),
    level=st.sampled_from(LEVELS),
    days_per_week=st.sampled_from(DAYS_PER_WEEK),
    avoid=st.frozensets(st.sampled_from(AVOIDABLE)),
)
weeks = st.integers(min_value=1, max_value=12)
feedback = st.builds(
    WeekFeedback,
    adherence=st.none() | st.floats(min_value=0.0, max_value=1.0),
    too_hard=st.booleans(),
)
PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)


@PROPERTY_SETTINGS
@given(profile=profiles, week=weeks)
def test_every_invariant_holds(profile: Profile, week: int) -> None:
    program = generate_week(CATALOGUE, profile, week)
    assert invariant_problems(profile, program) == []
    assert json_problems(program.to_json()) == []
    assert program.week == week and program.goal == profile.goal


@PROPERTY_SETTINGS
@given(profile=profiles, week=weeks, history=st.lists(feedback, max_size=11))
def test_two_runs_give_the_same_program(
    profile: Profile, week: int, history: list[WeekFeedback]
) -> None:
    first = generate_week(CATALOGUE, profile, week, history)
    second = generate_week(CATALOGUE, profile, week, tuple(history))
    assert first == second
    assert first.to_json() == second.to_json()


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
@given(profile=profiles, week=weeks)
def test_history_beyond_the_requested_week_is_ignored(profile: Profile, week: int) -> None:
    future = [WeekFeedback(0.0, True, frozenset(CATALOGUE.ids))] * 12
    past = [WeekFeedback(1.0)] * (week - 1)
    assert generate_week(CATALOGUE, profile, week, past + future) == generate_week(
        CATALOGUE, profile, week, past
    )


def test_every_profile_combination_and_week_is_valid() -> None:
    # 864 profiles x 12 weeks is cheap enough to check exhaustively, not just by sampling.
    failures = []
    for profile in all_profiles():
        for week in range(1, 13):
            problems = invariant_problems(profile, generate_week(CATALOGUE, profile, week))
            if problems:
                failures.append((profile, week, problems))
    assert failures == []
