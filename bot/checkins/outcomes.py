"""What check-in answers add up to: each one's outcome, the streak and adherence.

Each check-in ends as one outcome: done (answered Done, or the athlete had already
logged training that day), partly, skipped, pain, missed (never answered within
ANSWER_WINDOW of its moment, or too late to send after downtime), or it is not
counted at all (open: still inside its answer window; excused: it could not be
delivered, or it was never sent).
- Streak: the number of consecutive counted check-ins, newest first, that ended
  done or partly. Skipped and missed end the streak. Pain neither adds nor ends
  it, so nobody trains through pain to keep a number alive. Open and excused
  check-ins are passed over.
- Adherence of a set of check-ins: (done + 0.5 x partly) / (done + partly +
  skipped + missed); None when that denominator is 0. Pain, open and excused
  check-ins are left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.calendar import week_start
from bot.checkins.schedules import ANSWER_WINDOW, OPEN, Checkin, Outcome, Status

TOO_HARD = 8.0  # a week whose mean difficulty reaches this was too hard


@dataclass(frozen=True, slots=True)
class WeekStats:
    """One local week (Monday start) of check-ins, counted."""

    week_start: date
    adherence: float | None
    counts: dict[Outcome, int] = field(default_factory=dict)


def outcome(checkin: Checkin, now: datetime) -> Outcome:
    """What one check-in counts as at `now` (see the module docstring)."""
    status = checkin.status
    if status in (Status.DONE, Status.LOGGED):
        return Outcome.DONE
    if status in OPEN:
        if now - checkin.scheduled_at < ANSWER_WINDOW:
            return Outcome.OPEN
        return Outcome.MISSED if status == Status.SENT else Outcome.EXCUSED
    if status == Status.UNDELIVERED:
        return Outcome.EXCUSED
    return Outcome(status.value)


def streak(checkins: Sequence[Checkin], now: datetime) -> int:
    """Consecutive done-or-partly check-ins, newest first (see the module docstring)."""
    count = 0
    for checkin in sorted(checkins, key=lambda item: item.scheduled_at, reverse=True):
        result = outcome(checkin, now)
        if result in (Outcome.DONE, Outcome.PARTLY):
            count += 1
        elif result in (Outcome.SKIPPED, Outcome.MISSED):
            break
    return count


def adherence(outcomes: Iterable[Outcome]) -> float | None:
    """(done + 0.5 partly) / (done + partly + skipped + missed), or None with nothing counted."""
    done = partly = counted = 0
    for result in outcomes:
        if result in (Outcome.PAIN, Outcome.OPEN, Outcome.EXCUSED):
            continue
        counted += 1
        done += result == Outcome.DONE
        partly += result == Outcome.PARTLY
    return None if counted == 0 else (done + 0.5 * partly) / counted


def weekly_stats(checkins: Sequence[Checkin], now: datetime) -> list[WeekStats]:
    """Adherence and outcome counts per local week, oldest first."""
    weeks: dict[date, list[Outcome]] = {}
    for checkin in checkins:
        weeks.setdefault(week_start(checkin.local_day), []).append(outcome(checkin, now))
    stats = []
    for start in sorted(weeks):
        counts: dict[Outcome, int] = {}
        for result in weeks[start]:
            counts[result] = counts.get(result, 0) + 1
        stats.append(WeekStats(start, adherence(weeks[start]), counts))
    return stats


def week_feedback(
    checkins: Sequence[Checkin], start: date, now: datetime
) -> tuple[float | None, bool, frozenset[str]]:
    """(adherence, too hard, exercise ids that hurt) for the week starting on `start`."""
    week = [item for item in checkins if week_start(item.local_day) == start]
    ratings = [item.difficulty for item in week if item.difficulty is not None]
    too_hard = bool(ratings) and sum(ratings) / len(ratings) >= TOO_HARD
    pain = frozenset(item.pain_exercise for item in week if item.pain_exercise)
    return adherence(outcome(item, now) for item in week), too_hard, pain
