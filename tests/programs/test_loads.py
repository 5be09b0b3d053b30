"""Loads as typed and the next step up; the per-set words of `log reps`."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.errors import BadInput
from bot.programs.load import next_load, normalize_load
from bot.training_log.rules import LiftDetail, parse_reps


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("40kg", "40 kg"),
        ("@40 KG", "40 kg"),
        ("42,5kg", "42.5 kg"),
        ("90lbs", "90 lb"),
        ("red-band", "red band"),
        ("Heavy", "heavy"),
    ],
)
def test_loads_are_normalised(typed: str, stored: str) -> None:
    assert normalize_load(typed) == stored


@pytest.mark.parametrize("typed", ["", "@", "0kg", "<b>red</b>", "x" * 40, "*bold*"])
def test_odd_loads_are_refused(typed: str) -> None:
    with pytest.raises(BadInput, match="load"):
        normalize_load(typed)


@pytest.mark.parametrize(
    ("load", "equipment", "after"),
    [
        ("60 kg", ("barbell", "bench"), "62.5 kg"),
        ("100 kg", ("barbell",), "105 kg"),
        ("20 kg", ("dumbbell",), "21 kg"),
        ("8 kg", ("dumbbell",), "9 kg"),
        ("90 lb", ("cable",), "95 lb"),
        ("135 lb", ("barbell",), "140 lb"),
        ("red band", ("band",), "1 band up from red band"),
        ("1 band up from red band", ("band",), "2 bands up from red band"),
        ("stack 7", ("machine",), "1 step up from stack 7"),
    ],
)
def test_the_next_load_is_about_five_percent_or_one_band_up(
    load: str, equipment: tuple[str, ...], after: str
) -> None:
    assert next_load(load, equipment) == after


@settings(max_examples=60, deadline=None)
@given(value=st.integers(min_value=1, max_value=400), unit=st.sampled_from(["kg", "lb"]))
def test_a_weight_always_goes_up(value: int, unit: str) -> None:
    for equipment in (("barbell",), ("dumbbell",)):
        after = next_load(f"{value} {unit}", equipment)
        assert after.endswith(unit) and float(after.split()[0]) > value


def test_log_words_give_totals_or_per_set_detail() -> None:
    assert parse_reps(["40"], 1000) == (40, None)
    assert parse_reps(["3x12", "@40kg", "rir", "2"], 1000) == (
        36,
        LiftDetail(set_reps=12, sets=3, load="40 kg", rir=2),
    )
    assert parse_reps(["10", "@40kg"], 1000) == (10, LiftDetail(10, 1, "40 kg"))
    assert parse_reps(["3x12", "@", "40", "kg"], 1000)[1] == LiftDetail(12, 3, "40 kg")
    assert parse_reps(["2x30", "rir3"], 1000)[1] == LiftDetail(30, 2, None, 3)
    assert parse_reps(["3X15", "@red-band"], 1000)[1] == LiftDetail(15, 3, "red band")


@pytest.mark.parametrize(
    "words",
    [[], ["0"], ["abc"], ["11x10"], ["3x12", "@"], ["3x12", "rir", "11"], ["3x12", "heavy"]],
)
def test_bad_log_words_are_refused(words: list[str]) -> None:
    with pytest.raises(BadInput):
        parse_reps(words, 1000)


def test_too_many_reps_are_refused() -> None:
    with pytest.raises(BadInput, match="At most 1,000"):
        parse_reps(["10x200"], 1000)
