"""Check-in rows as domain objects, and a due session's exercises as stored JSON."""

from __future__ import annotations

import json
from dataclasses import astuple
from functools import lru_cache
from typing import Any

from sqlalchemy import Row

from bot.checkins.schedules import (
    Checkin,
    DueExercise,
    DueSession,
    PlannedDose,
    Rule,
    Schedule,
    Status,
    parse_clock,
    parse_days,
)
from bot.storage.times import aware, aware_or_none


@lru_cache(maxsize=4096)
def rule_of(days: str, at: str, timezone: str) -> Rule:
    """The check-in rule of a schedule row's days, local time and timezone."""
    # Schedules share few distinct rules; parsing each row again was a third of a claim.
    return Rule(parse_days(days), parse_clock(at), timezone)


def schedule_from_row(row: Row[Any]) -> Schedule:
    """A schedule from a `checkin_schedules` row."""
    rule = rule_of(row.days, row.local_time, row.timezone)
    return Schedule(
        athlete_id=row.athlete_id,
        rule=rule,
        active=row.active,
        paused_reason=row.paused_reason,
        notice_pending=row.notice_pending,
        preferred_platform=row.preferred_platform,
        next_due_at=aware_or_none(row.next_due_at),
        summary_due_at=aware_or_none(row.summary_due_at),
        program_due_at=aware_or_none(row.program_due_at),
    )


def session_json(session: DueSession | None) -> str | None:
    """A due session's exercises as compact JSON (the title is a column of its own): a dose
    as its values and the exercise's translated names, to be worded when the check-in is sent."""
    if session is None:
        return None
    items = [
        [e.id, e.name, e.sets, e.reps, _dose_json(e.dose), e.load, e.working, dict(e.names)]
        for e in session.exercises
    ]
    return json.dumps(items, separators=(",", ":"), ensure_ascii=False)


def session_from_json(title: str | None, raw: str | None) -> DueSession | None:
    """The due session stored by `session_json`, or None when the check-in has none. Rows
    stored before doses were values hold the dose as English text and no names."""
    if title is None:
        return None
    items = json.loads(raw) if raw else []
    return DueSession(title, tuple(_exercise(*item) for item in items))


def _dose_json(dose: PlannedDose | str) -> list[Any] | str:
    return dose if isinstance(dose, str) else list(astuple(dose))  # PlannedDose's field order


def _exercise(
    exercise_id: str,
    name: str,
    sets: int,
    reps: int | None,
    dose: list[Any] | str,
    load: str | None,
    working: bool,
    names: dict[str, str] | None = None,
) -> DueExercise:
    planned = dose if isinstance(dose, str) else PlannedDose(*dose)
    translated = tuple((names or {}).items())
    return DueExercise(exercise_id, name, sets, reps, planned, load, working, translated)


def checkin_from_row(row: Row[Any]) -> Checkin:
    """A check-in from a `checkins` row."""
    return Checkin(
        id=row.id,
        athlete_id=row.athlete_id,
        scheduled_at=aware(row.scheduled_at),
        local_day=row.local_day,
        status=Status(row.status),
        send_after=aware_or_none(row.send_after),
        attempts=row.attempts,
        snoozes=row.snoozes,
        platform=row.platform,
        session=session_from_json(row.session_title, row.session_json),
        difficulty=row.difficulty,
        pain_exercise=row.pain_exercise,
        sent_at=aware_or_none(row.sent_at),
        answered_at=aware_or_none(row.answered_at),
    )
