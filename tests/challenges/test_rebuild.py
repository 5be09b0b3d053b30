"""Rebuilding a member's totals from the logs that remain (pure)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.challenges import rules
from bot.challenges.rebuild import CountedLog, Rebuilt, rebuild
from bot.challenges.rules import SESSIONS_PER_DAY, MemberState

JOINED = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
D = date(2026, 3, 2)


def _log(day: int, amount: int, hour: float) -> CountedLog:
    return CountedLog(D + timedelta(day), amount, JOINED + timedelta(hours=hour))


def test_no_logs_left_is_a_new_members_state() -> None:
    for kind in ("sessions", "streak"):
        assert rebuild(kind, [], JOINED) == Rebuilt(MemberState(), JOINED)


def test_sessions_add_up_and_the_last_day_keeps_its_amount_for_the_cap() -> None:
    logs = [_log(0, 2, 20), _log(3, 1, 90), _log(3, 1, 95), _log(1, 3, 40)]
    rebuilt = rebuild("sessions", logs, JOINED)
    assert rebuilt.state == MemberState(score=7, day=D + timedelta(3), day_amount=2, run=0)
    assert rebuilt.reached_at == JOINED + timedelta(hours=95)  # the score rose with every log


def test_a_streak_is_the_longest_run_and_its_tie_moment_is_when_that_run_was_complete() -> None:
    # Runs: days 0-2 (complete when day 1 was logged, late, at hour 100), days 4-6 (complete at
    # hour 60), day 9 last. The first run of three to be complete is days 4-6.
    logs = [
        _log(0, 1, 10),
        _log(2, 1, 30),
        _log(1, 1, 100),
        _log(4, 1, 40),
        _log(5, 2, 50),
        _log(6, 1, 60),
        _log(6, 1, 65),
        _log(9, 1, 120),
        _log(9, 2, 121),
    ]
    rebuilt = rebuild("streak", logs, JOINED)
    assert rebuilt.state == MemberState(score=3, day=D + timedelta(9), day_amount=3, run=1)
    assert rebuilt.reached_at == JOINED + timedelta(hours=60)


def test_reps_are_never_rebuilt() -> None:
    with pytest.raises(ValueError, match="reps"):
        rebuild("reps", [_log(0, 10, 1)], JOINED)


def _replay(kind: str, logs: list[CountedLog]) -> Rebuilt:
    """Credit the logs one by one, oldest moment first, as the log path would have."""
    state, reached = MemberState(), JOINED
    done: list[CountedLog] = []
    for log in sorted(logs, key=lambda log: log.at):
        result = rules.credit(kind, state, log.day, log.amount)
        if result.out_of_order:
            used = sum(old.amount for old in done if old.day == log.day)
            days = {old.day for old in done}
            result = rules.late_credit(kind, state, log.day, used, days, log.amount)
        assert result.counted == log.amount  # stored logs are within the daily cap
        if result.state.score != state.score:
            reached = log.at  # the log path's tie moment: when the score last changed
        state = result.state
        done.append(log)
    return Rebuilt(state, reached)


def _within_the_cap(raw: list[tuple[int, int, int]]) -> list[CountedLog]:
    """Logs as storage holds them: what counted on one day never exceeds the daily cap."""
    used: Counter[int] = Counter()
    logs = []
    for day, amount, minute in raw:
        if used[day] + amount <= SESSIONS_PER_DAY:
            used[day] += amount
            logs.append(CountedLog(D + timedelta(day), amount, JOINED + timedelta(minutes=minute)))
    return logs


# Days are drawn apart from moments. Stored, a log's day is its moment's local day; drawn apart,
# the replay also takes late_credit's path, and the rebuild must not care about either order.
RAW_LOGS = st.lists(
    st.tuples(st.integers(0, 12), st.integers(1, SESSIONS_PER_DAY), st.integers(0, 20 * 24 * 60)),
    max_size=30,
)


@given(kind=st.sampled_from(["sessions", "streak"]), raw=RAW_LOGS)
def test_a_rebuild_equals_crediting_the_logs_again_in_order(
    kind: str, raw: list[tuple[int, int, int]]
) -> None:
    logs = _within_the_cap(raw)
    assert rebuild(kind, logs, JOINED) == _replay(kind, logs)
