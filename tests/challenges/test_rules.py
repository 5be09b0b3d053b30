"""Pure challenge rules: ranks, scoring, streaks, validation."""

from __future__ import annotations

from datetime import date

import pytest

from bot.challenges import inputs, rules
from bot.challenges.board_render import render_board, status_text
from bot.challenges.rules import BoardRow, MemberState
from bot.errors import BadInput
from bot.i18n import Catalog, Language
from bot.rich_layout import plain_text

D = date(2026, 3, 2)


def test_ties_share_a_rank_and_the_next_rank_skips() -> None:
    assert rules.shared_ranks([9, 7, 7, 5]) == [1, 2, 2, 4]
    assert rules.shared_ranks([3, 3, 3]) == [1, 1, 1]
    assert rules.shared_ranks([]) == []


@pytest.mark.parametrize("text", ["0", "-1", "1.5", "abc", "", "2e3"])
def test_amounts_must_be_positive_whole_numbers(text: str) -> None:
    with pytest.raises(BadInput, match="positive whole number"):
        inputs.parse_amount(text, 1000, "reps")


def test_amount_ceiling() -> None:
    assert inputs.parse_amount("1,000", 1000, "reps") == 1000
    with pytest.raises(BadInput, match="At most 1,000"):
        inputs.parse_amount("1001", 1000, "reps")


def test_names_and_dates() -> None:
    assert inputs.validate_name("  Lateral   November ") == "Lateral November"
    for bad in ("", "x" * 61, "bad\x00name"):
        with pytest.raises(BadInput):
            inputs.validate_name(bad)
    inputs.validate_dates(D, date(2026, 3, 29), today=D)  # starting today is fine
    with pytest.raises(BadInput, match="past"):
        inputs.validate_dates(date(2026, 3, 1), date(2026, 3, 29), today=D)
    with pytest.raises(BadInput, match="after the start"):
        inputs.validate_dates(D, D, today=D)
    with pytest.raises(BadInput, match="not a date"):
        inputs.parse_date("2026-02-30")


def test_metric_needs_a_catalogue_exercise() -> None:
    assert inputs.parse_metric("reps:Clamshell", {"clamshell"}).stored == "reps:clamshell"
    assert inputs.parse_metric("streak", set()).kind == "streak"
    with pytest.raises(BadInput, match="Exercise ids"):
        inputs.parse_metric("reps:moonwalk", {"clamshell"})
    with pytest.raises(BadInput, match="sessions, streak or reps"):
        inputs.parse_metric("points", set())


def test_sessions_are_capped_per_local_day() -> None:
    first = rules.credit("sessions", MemberState(), D, 2)
    assert (first.counted, first.state.score, first.capped) == (2, 2, False)
    second = rules.credit("sessions", first.state, D, 2)
    assert (second.counted, second.state.score, second.capped) == (1, 3, True)
    next_day = rules.credit("sessions", second.state, date(2026, 3, 3), 1)
    assert (next_day.counted, next_day.state.score) == (1, 4)


def test_streak_is_the_longest_run_of_days_and_never_drops() -> None:
    state = MemberState()
    for day in (2, 3, 3, 4, 6, 7):  # a session on Mar 2, 3 (twice), 4, then 6 and 7
        state = rules.credit("streak", state, date(2026, 3, day), 1).state
    assert (state.score, state.run) == (3, 2)
    late = rules.credit("streak", state, date(2026, 3, 5), 1)
    assert late.out_of_order
    filled = rules.late_credit(
        "streak", state, date(2026, 3, 5), 0, [date(2026, 3, d) for d in (2, 3, 4, 6, 7)], 1
    )
    assert (filled.state.score, filled.state.run, filled.state.day) == (6, 6, date(2026, 3, 7))


def test_days_left_and_board_rendering() -> None:
    end = date(2026, 3, 29)
    english = Catalog.english().translator(Language.EN)
    assert status_text(english, D, D, end) == "28 days left"
    assert status_text(english, end, D, end) == "last day"
    assert status_text(english, date(2026, 3, 1), D, end) == "starts in 1 day"
    rows = [BoardRow(1, "Alice", 9, 1), BoardRow(2, "B" * 40, 7, 2)]
    mine = BoardRow(57, "Me", 1, 3)
    board = render_board(english, "Lateral", "3 days left", "sessions", rows, mine, 80)
    lines = plain_text(board).splitlines()
    assert lines[0] == "Lateral · sessions · 3 days left · 80 members"
    assert lines[1] == "🥇  1. Alice — 9"
    assert len(lines[2]) < 40  # long names are cut
    assert lines[-1].endswith("57. Me — 1 ← you")
