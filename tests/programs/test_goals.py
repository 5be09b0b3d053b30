"""How the goal shapes the week: emphasize is a distinct plan (upper-glute and TFL-sparing side
work, no diet target), strength lifts heavier with stability work, soften leans on abductions."""

from __future__ import annotations

from bot.athletes.rules import DAYS_PER_WEEK, EQUIPMENT, LEVELS
from bot.programs.generator import Profile, WeekProgram, generate_week
from bot.programs.selection import upper_glute
from tests.programs.helpers import BY_ID, CATALOGUE

TFL = "tensor fasciae latae"
DIET_WORDS = ("deficit", "surplus", "calorie", "body fat percentage", "lean down")


def _working(program: WeekProgram, kind: str | None = None) -> list[str]:
    return [
        item.exercise_id
        for session in program.sessions
        for item in session.exercises
        if item.purpose == "working" and (kind is None or item.kind == kind)
    ]


def _tfl_share(program: WeekProgram) -> float:
    isolation = _working(program, "isolation")
    return sum(TFL in BY_ID[i].muscles for i in isolation) / len(isolation)


def test_emphasize_brings_upper_glute_work_and_spares_the_tfl() -> None:
    for equipment in EQUIPMENT:
        for level in LEVELS:
            for days in DAYS_PER_WEEK:
                soften = generate_week(CATALOGUE, Profile("soften", equipment, level, days), 1)
                emphasize = generate_week(
                    CATALOGUE, Profile("emphasize", equipment, level, days), 1
                )
                upper = [i for i in _working(emphasize, "isolation") if upper_glute(BY_ID[i])]
                usual = [i for i in _working(soften, "isolation") if upper_glute(BY_ID[i])]
                assert len(upper) >= max(1, len(usual)), (equipment, level, days)
                assert _tfl_share(emphasize) <= _tfl_share(soften), (equipment, level, days)
                assert _working(emphasize) != _working(soften), (equipment, level, days)


def test_emphasize_sets_no_diet_target_and_points_to_general_information() -> None:
    program = generate_week(CATALOGUE, Profile("emphasize", "gym", "intermediate", 3), 1)
    text = " ".join(program.notes).lower()
    assert not any(word in text for word in DIET_WORDS)
    assert "no diet or body-fat target" in text and "/faq" in text


def test_strength_lifts_heavier_and_keeps_stability_work() -> None:
    strength = generate_week(CATALOGUE, Profile("strength", "gym", "intermediate", 3), 1)
    soften = generate_week(CATALOGUE, Profile("soften", "gym", "intermediate", 3), 1)
    main = strength.sessions[0].exercises[1]
    assert main.kind == "compound" and main.reps == "6-10"
    assert soften.sessions[0].exercises[1].reps == "8-12"
    assert main.rest_seconds > soften.sessions[0].exercises[1].rest_seconds
    assert _working(strength, "stability")


def test_gym_lifters_get_barbell_hip_thrusts_at_every_level() -> None:
    for level in LEVELS:
        for goal in ("soften", "emphasize", "strength"):
            program = generate_week(CATALOGUE, Profile(goal, "gym", level, 2), 1)
            assert program.sessions[0].exercises[1].exercise_id == "barbell-hip-thrust"
