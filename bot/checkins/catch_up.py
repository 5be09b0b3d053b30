"""Which passed moments of a schedule become check-ins after a pause or downtime (pure)."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.calendar import local_day
from bot.checkins.schedules import NewCheckin, Schedule, Status, iter_due

MAX_CATCH_UP = 60  # occurrences recorded per schedule after a long downtime


def passed_occurrences(
    schedule: Schedule, first: datetime, now: datetime, grace: timedelta, lease_until: datetime
) -> list[NewCheckin]:
    """Every moment from `first` to `now`: the newest is sent if inside `grace`, the rest
    (at most MAX_CATCH_UP in all) are recorded as missed, never sent."""
    moments = [first]
    for moment in iter_due(schedule.rule, first):
        if moment > now:
            break
        moments.append(moment)
    moments = moments[-MAX_CATCH_UP:]
    tz = schedule.rule.timezone
    rows = [
        NewCheckin(schedule.athlete_id, moment, local_day(moment, tz), Status.MISSED)
        for moment in moments[:-1]
    ]
    last = moments[-1]
    fresh = now - last <= grace
    status, lease = (Status.SENDING, lease_until) if fresh else (Status.MISSED, None)
    rows.append(NewCheckin(schedule.athlete_id, last, local_day(last, tz), status, lease))
    return rows
