"""Check-in schedules and what the answers mean: pure rules, no storage, no clock.

Local-time rule (daylight saving)
    A schedule is weekdays + a wall-clock time + an IANA timezone. Each occurrence is
    resolved to UTC with zoneinfo, so 18:00 stays 18:00 local across DST changes.
    - A wall time that does not exist that day (spring forward, e.g. 02:30 in
      Europe/Berlin on the last Sunday of March) fires that much later: it is moved
      forward by the length of the gap (02:30 -> 03:30 local). This is PEP 495's
      `fold=0` reading: the offset in force before the jump.
    - A wall time that happens twice (fall back, e.g. 02:30 on the last Sunday of
      October) fires once, at its first occurrence (still summer time).

What the answers add up to (outcomes, streak, adherence) is in bot/checkins/outcomes.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.calendar import local_day
from bot.errors import BadInput
from bot.marks import N_
from bot.numbers import whole_number

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ANSWER_WINDOW = timedelta(hours=24)
SNOOZE = timedelta(hours=1)
MAX_SNOOZES = 3


class Status(StrEnum):
    """Where a check-in row is in its life."""

    SENDING = "sending"  # claimed by a dispatcher; `send_after` is the lease end
    PENDING = "pending"  # waiting until `send_after` (snoozed, or retrying delivery)
    SENT = "sent"  # delivered, waiting for an answer
    DONE = "done"
    PARTLY = "partly"
    SKIPPED = "skipped"
    PAIN = "pain"
    LOGGED = "logged"  # already logged that day: no message was sent
    MISSED = "missed"  # too late to send after downtime
    UNDELIVERED = "undelivered"  # the platform refused it or the send was interrupted


ANSWERS = (Status.DONE, Status.PARTLY, Status.SKIPPED, Status.PAIN)
OPEN = frozenset({Status.SENDING, Status.PENDING, Status.SENT})


class Outcome(StrEnum):
    """What a check-in counts as for streaks and adherence."""

    DONE = "done"
    PARTLY = "partly"
    SKIPPED = "skipped"
    PAIN = "pain"
    MISSED = "missed"
    OPEN = "open"
    EXCUSED = "excused"


@dataclass(frozen=True, slots=True)
class Rule:
    """Weekdays (0 = Monday) and a wall-clock time in an IANA timezone."""

    days: frozenset[int]
    at: time
    timezone: str

    def describe(self) -> str:
        """'Mon, Wed, Fri at 18:00 (Europe/Berlin)'."""
        names = ", ".join(WEEKDAYS[day].capitalize() for day in sorted(self.days))
        return f"{names} at {self.at:%H:%M} ({self.timezone})"

    @property
    def days_text(self) -> str:
        """The days as stored and typed: 'mon,wed,fri'."""
        return ",".join(WEEKDAYS[day] for day in sorted(self.days))


@dataclass(frozen=True, slots=True)
class Schedule:
    """An athlete's check-in schedule as stored."""

    athlete_id: int
    rule: Rule
    active: bool = True
    paused_reason: str | None = None  # "off" or "unreachable" while paused
    notice_pending: bool = False  # tell them why check-ins stopped when they next write
    preferred_platform: str | None = None
    next_due_at: datetime | None = None
    summary_due_at: datetime | None = None
    program_due_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class PlannedDose:
    """What the program prescribes for one exercise, kept as values so that the check-in words
    it in the reader's language when it is sent (a language change before then included)."""

    sets: int
    reps: str | None  # "8-12"; None for a timed hold
    seconds: int | None
    per_side: bool
    rir: int | None
    rest_seconds: int
    activation: bool  # a warm-up item: "easy" instead of a reps-in-reserve target


@dataclass(frozen=True, slots=True)
class DueExercise:
    """One exercise of the session a check-in asks about."""

    id: str
    name: str  # in English, as the program names it
    sets: int = 0
    reps: int | None = None  # planned reps per set (upper end of a range); None for holds
    # The program's dose; a str in check-ins stored before doses were kept as values.
    dose: PlannedDose | str = ""
    load: str | None = None  # the planned load or band, when the program knows it
    working: bool = False  # a working set (not warm-up): its result can be recorded
    names: tuple[tuple[str, str], ...] = ()  # (language tag, name) where it is translated

    @property
    def volume(self) -> int:
        """Planned reps in total (0 for timed holds)."""
        return self.sets * (self.reps or 0)

    def name_in(self, language: str) -> str:
        """The exercise's name in a language (a BCP 47 tag), else in English."""
        return dict(self.names).get(language, self.name)


@dataclass(frozen=True, slots=True)
class DueSession:
    """The program session that is due on a given local day."""

    title: str
    exercises: tuple[DueExercise, ...] = ()


@dataclass(frozen=True, slots=True)
class Checkin:
    """One scheduled check-in; (athlete_id, scheduled_at) is its unique key."""

    id: int
    athlete_id: int
    scheduled_at: datetime
    local_day: date
    status: Status
    send_after: datetime | None = None
    attempts: int = 0
    snoozes: int = 0
    platform: str | None = None
    session: DueSession | None = None
    difficulty: int | None = None
    pain_exercise: str | None = None
    sent_at: datetime | None = None
    answered_at: datetime | None = None


def parse_days(text: str) -> frozenset[int]:
    """'mon,wed,fri' (or 'daily') -> {0, 2, 4}; BadInput for anything else."""
    cleaned = text.strip().lower()
    if cleaned in ("daily", "everyday"):
        return frozenset(range(7))
    names = {name.lower(): index for index, name in enumerate(DAY_NAMES)}
    names.update({name: index for index, name in enumerate(WEEKDAYS)})
    parts = [part.strip() for part in cleaned.split(",") if part.strip()]
    if not parts or any(part not in names for part in parts):
        raise BadInput(
            N_("Days are a comma list such as mon,wed,fri (mon tue wed thu fri sat sun).")
        )
    return frozenset(names[part] for part in parts)


def parse_clock(text: str) -> time:
    """'18:00' -> time(18, 0); BadInput for an impossible or malformed time."""
    hours, sep, minutes = text.strip().partition(":")
    hour = whole_number(hours, 0, 23) if len(hours) <= 2 else None
    minute = whole_number(minutes, 0, 59) if len(minutes) == 2 else None
    if not sep or hour is None or minute is None:
        raise BadInput(N_("The time must be HH:MM on a 24-hour clock, e.g. 18:00 or 07:30."))
    return time(hour, minute)


def local_moment(day: date, at: time, timezone: str) -> datetime:
    """The UTC moment of wall time `at` on `day`, with the module's DST rule."""
    # fold=0: the first of two repeated times; for a skipped time, the offset before the
    # jump, which lands exactly the gap's length later on the wall clock.
    return datetime.combine(day, at, tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def iter_due(rule: Rule, after: datetime) -> Iterator[datetime]:
    """Every occurrence of the rule strictly after `after`, in order (UTC)."""
    if not rule.days:
        return
    day = local_day(after, rule.timezone) - timedelta(days=1)
    while True:
        if day.weekday() in rule.days:
            moment = local_moment(day, rule.at, rule.timezone)
            if moment > after:
                yield moment
        day += timedelta(days=1)


def next_due(rule: Rule, after: datetime) -> datetime:
    """The first occurrence strictly after `after` (UTC)."""
    return next(iter_due(rule, after))


def weekly_moment(weekday: int, at: time, timezone: str, after: datetime) -> datetime:
    """The next `weekday` at `at` local after a moment (for weekly summaries and programs)."""
    return next_due(Rule(frozenset({weekday}), at, timezone), after)


@dataclass(frozen=True, slots=True)
class NewCheckin:
    """A check-in about to be recorded by the dispatcher."""

    athlete_id: int
    scheduled_at: datetime
    local_day: date
    status: Status
    send_after: datetime | None = None
    session: DueSession | None = None
