"""Unit tests: the previous weeks' check-ins change the program (adherence, too hard, pain)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from bot.athletes.rules import TrainingProfile
from bot.programs.generator import (
    Profile,
    ProgramInputError,
    Session,
    WeekFeedback,
    generate_week,
)
from knowledge.exercises import GLUTES, LATERAL_GLUTES
from tests.programs.helpers import CATALOGUE

BANDS = Profile("soften", "bands", "beginner", 3)
DONE = WeekFeedback(adherence=0.9)
LOW = WeekFeedback(adherence=0.3)
TOO_HARD = WeekFeedback(adherence=1.0, too_hard=True)


def _ids(sessions: Sequence[Session]) -> list[list[str]]:
    return [[item.exercise_id for item in session.exercises] for session in sessions]


def _pain(*ids: str) -> WeekFeedback:
    return WeekFeedback(adherence=1.0, pain_exercises=frozenset(ids))


# --- adherence ---------------------------------------------------------------------


def test_adherence_under_half_repeats_last_week_without_progressing() -> None:
    week_two = generate_week(CATALOGUE, BANDS, 2, [DONE])
    repeated = generate_week(CATALOGUE, BANDS, 3, [DONE, LOW])
    progressed = generate_week(CATALOGUE, BANDS, 3, [DONE, DONE])
    assert repeated.sessions == week_two.sessions
    assert progressed.sessions != week_two.sessions
    assert any("repeats the same prescription" in note for note in repeated.notes)


def test_weeks_keep_repeating_while_adherence_stays_low() -> None:
    week_one = generate_week(CATALOGUE, BANDS, 1)
    for week in (2, 3, 4):
        assert generate_week(CATALOGUE, BANDS, week, [LOW] * (week - 1)).sessions == (
            week_one.sessions
        )


def test_exactly_half_or_unknown_adherence_progresses_normally() -> None:
    normal = generate_week(CATALOGUE, BANDS, 3)
    assert generate_week(CATALOGUE, BANDS, 3, [DONE, WeekFeedback(0.5)]) == normal
    assert generate_week(CATALOGUE, BANDS, 3, [WeekFeedback(), WeekFeedback()]) == normal


# --- too hard ----------------------------------------------------------------------


def test_too_hard_lowers_volume_and_holds_the_level() -> None:
    week_two = generate_week(CATALOGUE, BANDS, 2, [DONE])
    eased = generate_week(CATALOGUE, BANDS, 3, [DONE, TOO_HARD])
    for before, after in zip(week_two.sessions, eased.sessions, strict=True):
        for old, new in zip(before.exercises, after.exercises, strict=True):
            assert new.exercise_id == old.exercise_id
            assert (new.reps, new.seconds) == (old.reps, old.seconds)
            expected = old.sets if old.purpose == "activation" else max(old.sets - 1, 1)
            assert new.sets == expected
    assert any("too hard" in note for note in eased.notes)


def test_volume_returns_after_a_normal_week() -> None:
    recovered = generate_week(CATALOGUE, BANDS, 4, [DONE, TOO_HARD, DONE])
    normal = generate_week(CATALOGUE, BANDS, 4)
    assert [i.sets for s in recovered.sessions for i in s.exercises] == [
        i.sets for s in normal.sessions for i in s.exercises
    ]


# --- pain --------------------------------------------------------------------------


def test_pain_on_a_knee_exercise_swaps_it_for_one_without_knee_load() -> None:
    profile = Profile("emphasize", "none", "beginner", 3)
    before = generate_week(CATALOGUE, profile, 2, [DONE])
    painful = next(
        item.exercise_id
        for s in before.sessions
        for item in s.exercises
        if "knee" in CATALOGUE.get(item.exercise_id).stresses
    )
    after = generate_week(CATALOGUE, profile, 2, [_pain(painful)])
    old = CATALOGUE.get(painful)
    for old_session, new_session in zip(before.sessions, after.sessions, strict=True):
        old_ids = [item.exercise_id for item in old_session.exercises]
        new_ids = [item.exercise_id for item in new_session.exercises]
        assert painful not in new_ids
        if painful in old_ids:
            swapped = CATALOGUE.get(new_ids[old_ids.index(painful)])
            assert GLUTES & set(swapped.muscles) & set(old.muscles)
            assert not set(swapped.stresses) & set(old.stresses)
            assert swapped.loads_lateral_glutes or not old.loads_lateral_glutes
    notes = " ".join(after.notes)
    assert f"pain with {old.name}" in notes
    assert "pain persists" in notes and "physiotherapist" in notes


def test_pain_prefers_the_catalogue_regression() -> None:
    profile = Profile("soften", "gym", "intermediate", 2)
    before = generate_week(CATALOGUE, profile, 2, [DONE])
    assert "cable-hip-abduction" in _ids(before.sessions)[0]
    after = generate_week(CATALOGUE, profile, 2, [_pain("cable-hip-abduction")])
    position = _ids(before.sessions)[0].index("cable-hip-abduction")
    assert _ids(after.sessions)[0][position] == "standing-banded-abduction"
    assert any("replaced by Standing banded abduction" in note for note in after.notes)


def test_a_painful_exercise_stays_out_in_later_weeks() -> None:
    profile = Profile("soften", "gym", "intermediate", 2)
    history = [_pain("cable-hip-abduction")] + [DONE] * 8
    program = generate_week(CATALOGUE, profile, 9, history)
    assert all("cable-hip-abduction" not in ids for ids in _ids(program.sessions))
    assert any("physiotherapist" in note for note in program.notes)


def test_pain_on_a_harder_variant_blocks_that_progression() -> None:
    profile = Profile("soften", "none", "beginner", 2)
    assert "single-leg-glute-bridge" in _ids(generate_week(CATALOGUE, profile, 3).sessions)[0]
    program = generate_week(CATALOGUE, profile, 3, [_pain("single-leg-glute-bridge"), DONE])
    ids = _ids(program.sessions)[0]
    assert "single-leg-glute-bridge" not in ids and "glute-bridge" in ids
    assert any("pain with Single-leg glute bridge" in n for n in program.notes)


def test_swapped_activation_keeps_a_light_side_glute_warm_up() -> None:
    profile = Profile("strength", "bands", "beginner", 2, frozenset({"knee", "back", "hip"}))
    first = generate_week(CATALOGUE, profile, 1).sessions[0].exercises[0]
    program = generate_week(CATALOGUE, profile, 2, [_pain(first.exercise_id)])
    opener = program.sessions[0].exercises[0]
    assert opener.exercise_id != first.exercise_id
    assert opener.purpose == "activation"
    assert LATERAL_GLUTES & set(opener.muscles)


def test_unknown_painful_ids_are_ignored() -> None:
    program = generate_week(CATALOGUE, BANDS, 2, [_pain("not-an-exercise")])
    assert program == generate_week(CATALOGUE, BANDS, 2)


# --- input validation ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "fragment"),
    [
        (("tone", "gym", "beginner", 3), "goal"),
        (("soften", "barbell", "beginner", 3), "equipment"),
        (("soften", "gym", "expert", 3), "level"),
        (("soften", "gym", "beginner", 5), "days"),
        (("soften", "gym", "beginner", True), "days"),
    ],
)
def test_bad_profiles_raise_a_readable_value_error(
    arguments: tuple[str, str, str, int], fragment: str
) -> None:
    with pytest.raises(ValueError, match=fragment):
        Profile(*arguments)


def test_avoid_accepts_any_iterable_but_only_known_areas() -> None:
    assert Profile("soften", "gym", "beginner", 2, ["knee"]).avoid == frozenset({"knee"})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="only avoid"):
        Profile("soften", "gym", "beginner", 2, frozenset({"shoulder"}))
    with pytest.raises(ValueError, match="set"):
        Profile("soften", "gym", "beginner", 2, "knee")  # type: ignore[arg-type]


def test_profile_from_a_stored_training_profile() -> None:
    stored = TrainingProfile("strength", "bands", "advanced", 4, frozenset({"back"}), "UTC")
    assert Profile.from_training_profile(stored) == Profile(
        "strength", "bands", "advanced", 4, frozenset({"back"})
    )
    with pytest.raises(ProgramInputError, match="missing: equipment, days"):
        Profile.from_training_profile(TrainingProfile(goal="soften", level="beginner"))


def test_bad_week_or_feedback_raise_value_errors() -> None:
    for week in (0, -1, 521):
        with pytest.raises(ProgramInputError, match="week"):
            generate_week(CATALOGUE, BANDS, week)
    with pytest.raises(ValueError, match="Adherence"):
        WeekFeedback(adherence=1.5)
    with pytest.raises(ValueError, match="set of exercise ids"):
        WeekFeedback(pain_exercises="clamshell")  # type: ignore[arg-type]
