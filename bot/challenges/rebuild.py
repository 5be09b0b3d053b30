"""A member's totals worked out afresh from the challenge logs that still count (pure).

Used when a credit is taken back (a check-in answered Done becomes Skipped or Pain): the
totals are what crediting the remaining logs one by one, oldest `logged_at` first, with
`credit` / `late_credit` in bot/challenges/rules.py would give.

- sessions: the score is the sum of the amounts; `day` is the last credited local day and
  `day_amount` what counted on it (for the daily cap); `run` stays 0.
- streak: the score is the longest run of consecutive credited days; `run` is the run that
  ends on the last credited day.
- reps: never credited by a check-in, so never rebuilt.

Ties are broken by the moment the score was reached: replaying the logs in `logged_at` order,
the moment of the log that first brought the score to its final value (for no logs at all,
the moment the member joined, as for a new member).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.challenges.rules import Membership, MemberState, streak_state

REBUILT_KINDS = ("sessions", "streak")


@dataclass(frozen=True, slots=True)
class CountedLog:
    """One stored challenge log: what counted (positive) on a local day, and its moment."""

    day: date
    amount: int
    at: datetime


@dataclass(frozen=True, slots=True)
class MemberLogs:
    """A member as locked for a rebuild, with when they joined and the logs that remain."""

    member: Membership
    joined_at: datetime
    logs: tuple[CountedLog, ...]


@dataclass(frozen=True, slots=True)
class Rebuilt:
    """Totals rebuilt from logs, and the moment the score was reached (for the tie order)."""

    state: MemberState
    reached_at: datetime


def rebuild(kind: str, logs: Iterable[CountedLog], joined_at: datetime) -> Rebuilt:
    """The totals and tie moment of a sessions or streak member from the logs that remain."""
    if kind not in REBUILT_KINDS:
        raise ValueError(f"only {' and '.join(REBUILT_KINDS)} members are rebuilt, not {kind}")
    counted = [log for log in logs if log.amount > 0]
    if not counted:
        return Rebuilt(MemberState(), joined_at)
    last = max(log.day for log in counted)
    last_amount = sum(log.amount for log in counted if log.day == last)
    if kind == "sessions":
        state = MemberState(sum(log.amount for log in counted), last, last_amount)
        return Rebuilt(state, max(log.at for log in counted))
    state = streak_state((log.day for log in counted), last_amount)
    return Rebuilt(state, _longest_run_reached(counted, state.score))


def _longest_run_reached(logs: Sequence[CountedLog], longest: int) -> datetime:
    """When the first run of `longest` days was complete: a day is there from its first log."""
    first_at: dict[date, datetime] = {}
    for log in logs:
        first_at[log.day] = min(log.at, first_at.get(log.day, log.at))
    # No run is longer than `longest`, so a complete one is a whole run of consecutive days.
    completed: list[datetime] = []
    for day in first_at:
        if day - timedelta(1) not in first_at:  # a run starts here
            run = [day + timedelta(n) for n in range(longest)]
            if all(each in first_at for each in run):
                completed.append(max(first_at[each] for each in run))
    return min(completed)
