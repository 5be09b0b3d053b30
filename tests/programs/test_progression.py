"""Unit tests: progressive overload, deload weeks and how the goal shapes the prescription."""

from __future__ import annotations

from bot.domain.program_rules import week_state
from bot.domain.programs import Profile, WeekProgram, generate_week
from tests.programs.helpers import CATALOGUE

BANDS = Profile("soften", "bands", "beginner", 3)


def _items(program: WeekProgram) -> list[tuple[str, int, str | None, int | None]]:
    return [
        (item.exercise_id, item.sets, item.reps, item.seconds)
        for session in program.sessions
        for item in session.exercises
    ]


def _low(reps: str) -> int:
    return int(reps.split("-")[0])


def test_level_rises_every_second_counted_week_and_holds_in_deloads() -> None:
    levels = [week_state(week, ()).level for week in range(1, 13)]
    assert levels == [0, 0, 1, 1, 1, 2, 2, 3, 3, 3, 4, 4]
    assert [week for week in range(1, 13) if week_state(week, ()).deload] == [5, 10]


def test_every_second_week_moves_reps_up_within_the_range() -> None:
    week_one, week_two, week_three = (generate_week(CATALOGUE, BANDS, w) for w in (1, 2, 3))
    assert week_two.sessions == week_one.sessions
    for before, after in zip(_items(week_one), _items(week_three), strict=True):
        assert before[0] == after[0] and before[1] == after[1]
        if before[2] is not None and after[2] is not None and before[2] != after[2]:
            assert _low(after[2]) > _low(before[2])
    assert _items(week_one) != _items(week_three)
    assert any("Progress step" in note for note in week_three.notes)


def test_then_moves_to_the_harder_catalogue_variant() -> None:
    week_four = generate_week(CATALOGUE, BANDS, 4)
    week_six = generate_week(CATALOGUE, BANDS, 6)
    switched = [
        (old.exercise_id, new.exercise_id)
        for before, after in zip(week_four.sessions, week_six.sessions, strict=True)
        for old, new in zip(before.exercises, after.exercises, strict=True)
        if old.exercise_id != new.exercise_id
    ]
    assert switched
    for old_id, new_id in switched:
        assert CATALOGUE.get(old_id).progression == new_id


def test_every_fifth_week_is_a_lighter_deload() -> None:
    week_four = generate_week(CATALOGUE, BANDS, 4)
    deload = generate_week(CATALOGUE, BANDS, 5)
    assert deload.deload and not week_four.deload
    for before, after in zip(_items(week_four), _items(deload), strict=True):
        assert after[0] == before[0]
        assert after[1] == max(before[1] - 1, 1)
    assert sum(i[1] for i in _items(deload)) < sum(i[1] for i in _items(week_four))
    assert any("Deload week" in note for note in deload.notes)


def test_bodyweight_at_the_end_of_a_chain_adds_a_set_and_says_how_to_progress() -> None:
    profile = Profile("soften", "none", "advanced", 2)
    week_one = generate_week(CATALOGUE, profile, 1)
    week_eleven = generate_week(CATALOGUE, profile, 11)
    total = sum(i.sets for s in week_eleven.sessions for i in s.exercises)
    assert total > sum(i.sets for s in week_one.sessions for i in s.exercises)
    cues = [i.cue for s in week_eleven.sessions for i in s.exercises]
    assert any("three seconds" in cue for cue in cues)
    assert any("bands" in note for note in week_eleven.notes)


def _isolation_share(program: WeekProgram) -> float:
    working = [i for s in program.sessions for i in s.exercises if i.purpose != "activation"]
    return sum(i.purpose == "isolation" for i in working) / len(working)


def test_goal_changes_share_reps_and_nutrition_notes() -> None:
    programs = {
        goal: generate_week(CATALOGUE, Profile(goal, "gym", "intermediate", 3), 1)
        for goal in ("soften", "emphasize", "strength")
    }
    shares = {goal: _isolation_share(program) for goal, program in programs.items()}
    assert shares["soften"] > shares["emphasize"] > shares["strength"]
    for item in (i for s in programs["emphasize"].sessions for i in s.exercises):
        exercise = CATALOGUE.get(item.exercise_id)
        if item.purpose == "isolation" and exercise.needs_load and item.reps:
            low, high = map(int, item.reps.split("-"))
            assert low >= 8 and high <= 12
    notes = {goal: " ".join(program.notes) for goal, program in programs.items()}
    assert "surplus" in notes["soften"] and "months" in notes["soften"]
    assert "deficit" in notes["emphasize"] and "build and reveal" in notes["emphasize"]
    assert "recover" in notes["strength"] and "balance" in notes["strength"]
    assert len({tuple(_items(program)) for program in programs.values()}) == 3
