"""Calendar helpers shared by schedules, programs and challenges."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo


def local_day(moment: datetime, timezone: str) -> date:
    """The calendar day of an aware moment in a timezone."""
    return moment.astimezone(ZoneInfo(timezone)).date()


def week_start(day: date) -> date:
    """The Monday of the week containing `day`."""
    return day - timedelta(days=day.weekday())
