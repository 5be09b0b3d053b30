"""Double progression from logs: a simulated athlete who reaches the top of the range moves
up in load or variant; one who falls short repeats. Deloads, the calendar fallback and the
bodyweight ladder ending in "get a band"."""

from __future__ import annotations

import itertools

from hypothesis import given, settings

from bot.programs.generator import Lift, Profile, WeekProgram, generate_week
from bot.programs.load import next_load
from bot.programs.rules import week_state
from tests.programs.helpers import (
    BY_ID,
    CATALOGUE,
    TEST_LOAD,
    invariant_problems,
    profiles,
    simulate,
    volume_problems,
)

SIMULATION = settings(max_examples=40, deadline=None)
GYM = Profile("soften", "gym", "intermediate", 3)


def _slots(program: WeekProgram) -> list[tuple[str, str | None, int]]:
    """(exercise id, load, ladder step) of every working item, in order."""
    return [
        (item.exercise_id, item.load, item.step)
        for session in program.sessions
        for item in session.exercises
        if item.purpose == "working"
    ]


def _kg(load: str | None) -> float:
    assert load is not None and load.endswith(" kg"), load
    return float(load.removesuffix(" kg"))


@SIMULATION
@given(profile=profiles)
def test_an_athlete_who_reaches_the_top_moves_up_in_load_or_variant(profile: Profile) -> None:
    weeks = simulate(profile, reach_top=True)
    first, last = _slots(weeks[0]), _slots(weeks[-1])
    assert len(first) == len(last)
    for (start_id, _, start_step), (end_id, end_load, end_step) in zip(first, last, strict=True):
        assert end_step > start_step, (profile, start_id)
        if BY_ID[end_id].needs_load and start_id == end_id:
            assert _kg(end_load) > _kg(TEST_LOAD), (profile, end_id)
    for program in weeks:
        assert invariant_problems(profile, program) == []
        assert volume_problems(profile, program) == []
    steps = [[step for _, _, step in _slots(program)] for program in weeks]
    for before, after in itertools.pairwise(steps):
        assert all(b <= a for b, a in zip(before, after, strict=True))


@SIMULATION
@given(profile=profiles)
def test_an_athlete_who_falls_short_repeats_the_same_prescription(profile: Profile) -> None:
    weeks = simulate(profile, reach_top=False)
    first = _slots(weeks[0])
    for program in weeks[1:]:
        for (start_id, _, _), (same_id, load, step) in zip(first, _slots(program), strict=True):
            assert (same_id, step) == (start_id, 0), profile
            assert load == (TEST_LOAD if BY_ID[same_id].needs_load else None)


def test_reaching_the_top_raises_the_logged_load_by_one_step() -> None:
    week_one = generate_week(CATALOGUE, GYM, 1)
    main = week_one.sessions[0].exercises[1]
    assert (main.exercise_id, main.kind, main.load) == ("barbell-hip-thrust", "compound", None)
    logged = [Lift(1, main.exercise_id, 12, 3, "60 kg", 2)]
    week_two = generate_week(CATALOGUE, GYM, 2, lifts=logged)
    raised = week_two.sessions[0].exercises[1]
    assert raised.load == "62.5 kg" == next_load("60 kg", ("barbell", "bench"))
    assert "Go up to 62.5 kg" in raised.cue
    short = generate_week(CATALOGUE, GYM, 2, lifts=[Lift(1, main.exercise_id, 10, 3, "60 kg")])
    assert short.sessions[0].exercises[1].load == "60 kg"
    assert "Stay at 60 kg" in short.sessions[0].exercises[1].cue


def test_grinding_to_the_top_past_the_effort_target_does_not_count() -> None:
    main = generate_week(CATALOGUE, GYM, 1).sessions[0].exercises[1]
    assert main.rir == 2
    to_failure = [Lift(1, main.exercise_id, 12, 3, "60 kg", 0)]
    assert generate_week(CATALOGUE, GYM, 2, lifts=to_failure).sessions[0].exercises[1].load == (
        "60 kg"
    )
    one_off = [Lift(1, main.exercise_id, 12, 3, "60 kg", 1)]
    assert generate_week(CATALOGUE, GYM, 2, lifts=one_off).sessions[0].exercises[1].load == (
        "62.5 kg"
    )


def test_a_checkin_result_counts_like_a_log_and_the_latest_load_decides() -> None:
    main = generate_week(CATALOGUE, GYM, 1).sessions[0].exercises[1]
    answered = [Lift(1, main.exercise_id, None, 3, "50 kg", reached_top=True)]
    assert generate_week(CATALOGUE, GYM, 2, lifts=answered).sessions[0].exercises[1].load == (
        "52.5 kg"
    )
    mixed = [
        Lift(1, main.exercise_id, 12, 3, "50 kg"),
        Lift(1, main.exercise_id, 9, 1, "55 kg"),
    ]
    assert generate_week(CATALOGUE, GYM, 2, lifts=mixed).sessions[0].exercises[1].load == "55 kg"


def test_without_logs_the_calendar_moves_one_step_every_second_counted_week() -> None:
    profile = Profile("soften", "none", "beginner", 2)
    steps = [
        generate_week(CATALOGUE, profile, week).sessions[0].exercises[1].step
        for week in range(1, 13)
    ]
    assert steps == [0, 0, 1, 1, 2, 2, 2, 3, 3, 4, 4, 4]
    assert [week for week in range(1, 13) if week_state(week, ()).deload] == [5, 10]


def test_every_fifth_week_is_a_lighter_deload() -> None:
    week_four = generate_week(CATALOGUE, GYM, 4)
    deload = generate_week(CATALOGUE, GYM, 5)
    assert deload.deload and not week_four.deload
    for before, after in zip(week_four.sessions, deload.sessions, strict=True):
        for old, new in zip(before.exercises, after.exercises, strict=True):
            assert new.exercise_id == old.exercise_id
            assert new.sets == max(old.sets - 1, 1)
            if old.rir is not None:
                assert new.rir == old.rir + 2
    assert any("Deload week" in note for note in deload.notes)


def test_bodyweight_athletes_are_told_when_to_move_to_bands() -> None:
    profile = Profile("soften", "none", "beginner", 2)
    weeks = simulate(profile, reach_top=True)
    assert not any("fabric resistance bands" in note for note in weeks[0].notes)
    told = [p.week for p in weeks if any("fabric resistance bands" in n for n in p.notes)]
    assert told and told[0] <= 8
    cues = [item.cue for item in weeks[told[0] - 1].sessions[0].exercises]
    assert any("a fabric band is the next step" in cue for cue in cues)


def test_bodyweight_plans_keep_progressing_after_week_six() -> None:
    profile = Profile("strength", "none", "advanced", 3)
    weeks = simulate(profile, reach_top=True)
    assert _slots(weeks[5]) != _slots(weeks[10])
