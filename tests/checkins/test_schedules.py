"""Pure schedule rules: local times across daylight saving, parsing, streak and adherence."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.checkins.outcomes import adherence, outcome, streak, week_feedback
from bot.checkins.schedules import Checkin, Rule, Status, next_due, parse_clock, parse_days
from bot.errors import BadInput

SUNDAY = frozenset({6})


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "before", "after_change", "expected_before", "expected_after"),
    [
        # 18:00 on the Sundays around each spring-forward and fall-back change.
        (
            "Europe/Berlin",
            utc(2026, 3, 21),
            utc(2026, 3, 28),
            utc(2026, 3, 22, 17),
            utc(2026, 3, 29, 16),
        ),
        (
            "Europe/Berlin",
            utc(2026, 10, 17),
            utc(2026, 10, 24),
            utc(2026, 10, 18, 16),
            utc(2026, 10, 25, 17),
        ),
        (
            "America/New_York",
            utc(2026, 2, 28),
            utc(2026, 3, 7),
            utc(2026, 3, 1, 23),
            utc(2026, 3, 8, 22),
        ),
        (
            "America/New_York",
            utc(2026, 10, 24),
            utc(2026, 10, 31),
            utc(2026, 10, 25, 22),
            utc(2026, 11, 1, 23),
        ),
        (
            "Australia/Sydney",
            utc(2026, 3, 28),
            utc(2026, 4, 4),
            utc(2026, 3, 29, 7),
            utc(2026, 4, 5, 8),
        ),
        (
            "Australia/Sydney",
            utc(2026, 9, 26),
            utc(2026, 10, 3),
            utc(2026, 9, 27, 8),
            utc(2026, 10, 4, 7),
        ),
    ],
)
def test_six_pm_stays_six_pm_local_across_dst(
    zone: str,
    before: datetime,
    after_change: datetime,
    expected_before: datetime,
    expected_after: datetime,
) -> None:
    rule = Rule(SUNDAY, time(18, 0), zone)
    assert next_due(rule, before) == expected_before
    assert next_due(rule, after_change) == expected_after
    # Same wall clock, different UTC offset: the whole point.
    assert expected_after - expected_before != timedelta(days=7)


@pytest.mark.parametrize(
    ("zone", "day", "expected"),
    [
        ("Europe/Berlin", date(2026, 3, 29), utc(2026, 3, 29, 1, 30)),  # 03:30 CEST
        ("America/New_York", date(2026, 3, 8), utc(2026, 3, 8, 7, 30)),  # 03:30 EDT
        ("Australia/Sydney", date(2026, 10, 4), utc(2026, 10, 3, 16, 30)),  # 03:30 AEDT
    ],
)
def test_time_skipped_by_spring_forward_fires_one_gap_later(
    zone: str, day: date, expected: datetime
) -> None:
    rule = Rule(frozenset({day.weekday()}), time(2, 30), zone)
    start = datetime.combine(day - timedelta(days=1), time(0), tzinfo=UTC)
    assert next_due(rule, start) == expected
    assert expected.astimezone(rule_zone(zone)).strftime("%H:%M") == "03:30"


@pytest.mark.parametrize(
    ("zone", "day", "wall", "first", "second"),
    [
        (
            "Europe/Berlin",
            date(2026, 10, 25),
            time(2, 30),
            utc(2026, 10, 25, 0, 30),
            utc(2026, 10, 25, 1, 30),
        ),
        (
            "America/New_York",
            date(2026, 11, 1),
            time(1, 30),
            utc(2026, 11, 1, 5, 30),
            utc(2026, 11, 1, 6, 30),
        ),
        (
            "Australia/Sydney",
            date(2026, 4, 5),
            time(2, 30),
            utc(2026, 4, 4, 15, 30),
            utc(2026, 4, 4, 16, 30),
        ),
    ],
)
def test_time_repeated_by_fall_back_fires_once_at_first_occurrence(
    zone: str, day: date, wall: time, first: datetime, second: datetime
) -> None:
    rule = Rule(frozenset({day.weekday()}), wall, zone)
    start = datetime.combine(day - timedelta(days=1), time(0), tzinfo=UTC)
    assert next_due(rule, start) == first
    following = next_due(rule, first)
    assert following != second
    assert following - first > timedelta(days=6)  # next week, not an hour later


def rule_zone(zone: str):  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    return ZoneInfo(zone)


def test_days_and_times_are_validated() -> None:
    assert parse_days("mon,wed,fri") == frozenset({0, 2, 4})
    assert parse_days("Monday,Sunday") == frozenset({0, 6})
    assert parse_days("daily") == frozenset(range(7))
    for bad in ("", "funday", "mon;wed", "1,2"):
        with pytest.raises(BadInput):
            parse_days(bad)
    assert parse_clock("07:05") == time(7, 5)
    for bad in ("24:00", "18:60", "18", "6pm", "18:5", "-1:00", "1800"):
        with pytest.raises(BadInput):
            parse_clock(bad)


def _checkin(
    day: int, status: Status, difficulty: int | None = None, pain: str | None = None
) -> Checkin:
    moment = utc(2026, 3, day, 17)
    return Checkin(day, 1, moment, moment.date(), status, difficulty=difficulty, pain_exercise=pain)


NOW = utc(2026, 3, 20, 12)


def test_streak_counts_done_and_partly_back_to_the_last_skip_or_miss() -> None:
    history = [
        _checkin(2, Status.DONE),
        _checkin(4, Status.SKIPPED),
        _checkin(6, Status.DONE),
        _checkin(9, Status.PARTLY),
        _checkin(11, Status.PAIN),  # neither counts nor breaks
        _checkin(13, Status.LOGGED),  # trained before the check-in: counts as done
        _checkin(16, Status.UNDELIVERED),  # excused
        _checkin(18, Status.DONE),
    ]
    assert streak(history, NOW) == 4
    assert streak([*history, _checkin(19, Status.SENT)], NOW) == 4  # still open (< 24 h)
    assert streak([*history, _checkin(19, Status.SENT)], NOW + timedelta(days=2)) == 0  # missed


def test_adherence_scores_partly_as_half_and_leaves_out_pain_and_open() -> None:
    history = [
        _checkin(2, Status.DONE),
        _checkin(4, Status.PARTLY),
        _checkin(6, Status.SKIPPED),
        _checkin(9, Status.MISSED),
        _checkin(11, Status.PAIN),
    ]
    assert adherence(outcome(item, NOW) for item in history) == pytest.approx(1.5 / 4)
    assert adherence([]) is None


def test_week_feedback_reports_too_hard_and_painful_exercises() -> None:
    week = [
        _checkin(2, Status.DONE, difficulty=9),
        _checkin(4, Status.PARTLY, difficulty=8),
        _checkin(6, Status.PAIN, pain="clamshell"),
        _checkin(9, Status.DONE, difficulty=2),  # next week
    ]
    rate, too_hard, pain = week_feedback(week, date(2026, 3, 2), NOW)
    assert rate == pytest.approx(0.75)
    assert too_hard is True
    assert pain == frozenset({"clamshell"})
    assert week_feedback(week, date(2026, 2, 23), NOW) == (None, False, frozenset())
