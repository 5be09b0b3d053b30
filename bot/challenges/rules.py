"""Group challenge rules: domain types, scoring and shared ranks (pure; what people type is
checked in inputs.py, boards are drawn in board_render.py).

Metrics
  sessions      one point per training session logged (`log`, `log sessions <n>`, or a
                check-in answered Done, taken back if the answer changes to Skipped or Pain:
                bot/challenges/rebuild.py); at most SESSIONS_PER_DAY count per local day.
  reps:<id>     the reps of one catalogue exercise (`log reps <id> <n>`), at most
                REPS_PER_LOG per log.
  streak        the longest run of streak days inside the challenge dates.

Streak days: a local day (in the challenge's timezone) counts when at least one session was
logged on it and it lies between the challenge's start and end dates (inclusive). A run is a
sequence of such days with no day missing; the score is the longest run reached so far, so a
missed day never lowers a score already earned. Reps logs are not sessions and do not count.

Ranking: members with equal scores share a rank and the next rank skips (1, 2, 2, 4). Among
tied members the one who reached the score first is listed first, then the earlier joiner.
A member's rank is 1 + the number of visible members with a strictly higher score.

Dates: a challenge runs from 00:00 of its start date to 24:00 of its end date in the timezone
its group had when it was created (the timezone is frozen on the challenge so a later change
of the group's timezone never moves a running challenge).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SESSIONS_PER_DAY = 3
REPS_PER_LOG = 1000
TOP_N = 10
METRIC_KINDS = ("sessions", "reps", "streak")


@dataclass(frozen=True, slots=True)
class Metric:
    """What a challenge counts: sessions, streak days, or the reps of one exercise."""

    kind: str
    exercise_id: str | None = None

    @property
    def stored(self) -> str:
        """The form kept in the database and typed by moderators: sessions|streak|reps:<id>."""
        return f"reps:{self.exercise_id}" if self.kind == "reps" else self.kind

    @property
    def unit(self) -> str:
        """What the score counts, for board headers."""
        if self.kind == "reps":
            return f"{self.exercise_id} reps"
        return "streak days" if self.kind == "streak" else "sessions"

    def amount(self, score: int) -> str:
        """A score with its unit, singular for 1: '1 session', '12 streak days'."""
        unit = self.unit.removesuffix("s") if score == 1 else self.unit
        return f"{score:,} {unit}"

    @classmethod
    def from_stored(cls, value: str) -> Metric:
        """Rebuild a metric from its stored form (trusted, no catalogue check)."""
        kind, _, exercise = value.partition(":")
        return cls(kind, exercise or None)


@dataclass(frozen=True, slots=True)
class Group:
    """A Discord server or Telegram group that owns challenges."""

    id: int
    platform: str
    external_id: str
    title: str
    timezone: str
    moderator_role: str | None = None
    language: str | None = None  # of its posts; None: English


@dataclass(frozen=True, slots=True)
class Challenge:
    """A challenge as stored; `ends_at` moves to the end moment when ended early."""

    id: int
    group_id: int
    platform: str
    name: str
    metric: Metric
    start: date
    end: date
    timezone: str
    channel_id: str
    starts_at: datetime
    ends_at: datetime
    ended_early: bool = False
    announced: bool = False
    standings_week: int = 0
    members: int = 0

    def active_at(self, at: datetime) -> bool:
        """True while logs count: from the start moment until the end moment."""
        return self.starts_at <= at < self.ends_at


@dataclass(frozen=True, slots=True)
class MemberState:
    """A member's maintained totals: score plus what scoring the next log needs."""

    score: int = 0
    day: date | None = None  # last local day credited
    day_amount: int = 0  # amount credited on `day` (for the daily session cap)
    run: int = 0  # streak run ending on `day`


@dataclass(frozen=True, slots=True)
class Membership:
    """An athlete's place in one challenge."""

    id: int
    challenge: Challenge
    athlete_id: int
    display_name: str
    hidden: bool
    state: MemberState
    version: int  # bumped by every write of its totals or visibility (optimistic concurrency)


@dataclass(frozen=True, slots=True)
class Credit:
    """The outcome of one log for one member: new totals and the amount that counted."""

    state: MemberState
    counted: int  # sessions (within the daily cap) or reps kept on the challenge's log
    capped: bool = False
    out_of_order: bool = False  # older than the last credited day: see `late_credit`


@dataclass(frozen=True, slots=True)
class CreditedLog:
    """What one log or check-in changes for one member, ready to be stored."""

    member: Membership
    state: MemberState  # the member's new totals
    counted: int  # what goes on the challenge's log; 0 when a cap left nothing
    day: date  # the challenge-local day it counts on
    source: str  # "log" or "checkin"
    at: datetime
    name: str | None = None  # the name the member goes by in the group now, when known
    capped: bool = False  # a cap cut the amount (the reply says so)


@dataclass(frozen=True, slots=True)
class BoardRow:
    """One line of a leaderboard."""

    rank: int
    name: str
    score: int
    athlete_id: int


def window(start: date, end: date, timezone: str) -> tuple[datetime, datetime]:
    """UTC moments of local 00:00 on the start date and 24:00 on the end date."""
    zone = ZoneInfo(timezone)
    begins = datetime.combine(start, time(), zone).astimezone(UTC)
    ends = datetime.combine(end + timedelta(days=1), time(), zone).astimezone(UTC)
    return begins, ends


def credit(kind: str, state: MemberState, day: date, amount: int) -> Credit:
    """Apply one log of `amount` on local `day` to a member's totals."""
    if kind == "reps":
        used = state.day_amount if state.day == day else 0
        new = replace(state, score=state.score + amount, day=day, day_amount=used + amount)
        return Credit(new, amount)
    if state.day is not None and day < state.day:
        return Credit(state, 0, out_of_order=True)
    used = state.day_amount if state.day == day else 0
    counted = min(amount, SESSIONS_PER_DAY - used)
    capped = counted < amount
    if kind == "sessions":
        new = replace(state, score=state.score + counted, day=day, day_amount=used + counted)
        return Credit(new, counted, capped)
    # streak: a day counts once, whatever the number of sessions on it
    if state.day == day:
        return Credit(replace(state, day_amount=used + counted), counted, capped)
    run = state.run + 1 if state.day is not None and day == state.day + timedelta(1) else 1
    return Credit(MemberState(max(state.score, run), day, counted, run), counted, capped)


def late_credit(
    kind: str, state: MemberState, day: date, used: int, days: Iterable[date], amount: int
) -> Credit:
    """A session log for a day before the last credited one (e.g. a late check-in answer).

    `used` is what already counted on that day and `days` every day already credited.
    """
    counted = min(amount, SESSIONS_PER_DAY - used)
    capped = counted < amount
    if kind == "sessions":
        return Credit(replace(state, score=state.score + counted), counted, capped)
    if counted == 0 or used > 0:
        return Credit(state, counted, capped)
    rebuilt = streak_state([*days, day], state.day_amount)
    return Credit(replace(rebuilt, score=max(rebuilt.score, state.score)), counted, capped)


def streak_state(days: Iterable[date], today_amount: int = 0) -> MemberState:
    """Rebuild streak totals (longest run, run ending on the last day) from credited days."""
    best = run = 0
    previous: date | None = None
    for day in sorted(set(days)):
        run = run + 1 if previous is not None and day == previous + timedelta(1) else 1
        best = max(best, run)
        previous = day
    return MemberState(best, previous, today_amount, run)


def shared_ranks(scores: Sequence[int], first_rank: int = 1) -> list[int]:
    """Ranks for scores sorted high to low, ties sharing a rank: [9, 7, 7, 5] -> [1, 2, 2, 4]."""
    ranks: list[int] = []
    for index, score in enumerate(scores):
        if index and score == scores[index - 1]:
            ranks.append(ranks[-1])
        else:
            ranks.append(first_rank + index)
    return ranks


def member_count(members: int) -> str:
    """'1 member', '12 members'."""
    return f"{members:,} member{'' if members == 1 else 's'}"
