"""Interfaces the core depends on; storage and platform adapters implement them."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import date, datetime
from types import TracebackType
from typing import Protocol, Self

from bot.domain.accounts import LinkCode
from bot.domain.athletes import Account, Athlete, TrainingProfile
from bot.domain.challenges import Challenge, Group, Membership, MemberState
from bot.domain.schedules import Checkin, DueSession, NewCheckin, Schedule
from bot.types import Reply


class AthleteRepository(Protocol):
    """Athletes by id."""

    async def add(self) -> Athlete:
        """Create a new athlete and return it."""
        ...

    async def get(self, athlete_id: int) -> Athlete | None:
        """Return the athlete or None."""
        ...

    async def set_flags(
        self,
        athlete_id: int,
        *,
        dms_stopped: bool | None = None,
        disclaimer_seen: bool | None = None,
    ) -> None:
        """Update the athlete's flags that are given."""
        ...


class AccountRepository(Protocol):
    """Platform accounts: (platform, external id) -> athlete."""

    async def find(self, platform: str, external_id: str) -> Account | None:
        """Return the account or None."""
        ...

    async def add(self, account: Account) -> Account:
        """Store a new account."""
        ...

    async def for_athlete(self, athlete_id: int) -> list[Account]:
        """All accounts of an athlete."""
        ...

    async def update(self, account: Account) -> None:
        """Save changed fields of an existing account."""
        ...


class ProfileRepository(Protocol):
    """One training profile per athlete."""

    async def get(self, athlete_id: int) -> TrainingProfile | None:
        """Return the athlete's profile or None."""
        ...

    async def save(self, athlete_id: int, profile: TrainingProfile) -> None:
        """Insert or replace the athlete's profile."""
        ...

    async def program_start(self, athlete_id: int) -> date | None:
        """The Monday week 1 of the athlete's program began, or None."""
        ...

    async def set_program_start(self, athlete_id: int, start: date) -> None:
        """Remember when week 1 began (the profile row must exist)."""
        ...


class StateRepository(Protocol):
    """Operational key/value facts (not user data)."""

    async def get(self, key: str) -> str | None:
        """Return the stored value or None."""
        ...

    async def put(self, key: str, value: str) -> None:
        """Insert or replace a value."""
        ...


class UnitOfWork(Protocol):
    """One transaction: repositories plus commit; leaving without commit rolls back.

    Repositories are read-only properties so implementations may narrow their types.
    """

    @property
    def athletes(self) -> AthleteRepository: ...

    @property
    def accounts(self) -> AccountRepository: ...

    @property
    def profiles(self) -> ProfileRepository: ...

    @property
    def state(self) -> StateRepository: ...

    @property
    def challenges(self) -> ChallengeRepository: ...

    @property
    def training_logs(self) -> TrainingLogRepository: ...

    @property
    def checkins(self) -> CheckinRepository: ...

    @property
    def link_codes(self) -> LinkCodeRepository: ...

    @property
    def athlete_data(self) -> AthleteDataRepository: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None:
        """Make the transaction's changes permanent."""
        ...


UnitOfWorkFactory = Callable[[], UnitOfWork]


class DeliveryError(Exception):
    """A message the core started could not be delivered."""


class RecipientUnreachable(DeliveryError):
    """The user blocked the bot or the chat is gone: stop sending until they write again."""


class RetryLater(DeliveryError):
    """The platform asked us to slow down or failed temporarily."""

    def __init__(self, seconds: float, reason: str = "") -> None:
        super().__init__(reason or f"retry after {seconds}s")
        self.seconds = seconds


class Sender(Protocol):
    """Delivers core-initiated messages (check-ins, programs, standings) on one platform."""

    async def send_dm(self, user_external_id: str, reply: Reply) -> None:
        """Send a direct message to a platform user; raises DeliveryError subclasses."""
        ...

    async def send_channel(self, channel_id: str, reply: Reply) -> None:
        """Post in a channel or group chat; raises DeliveryError subclasses."""
        ...


# --- challenges ---------------------------------------------------------------------------


class ChallengeRepository(Protocol):
    """Groups, challenges and members with maintained totals (see bot/domain/challenges.py)."""

    async def group(self, platform: str, external_id: str) -> Group | None:
        """The group or None."""
        ...

    async def add_group(
        self, platform: str, external_id: str, title: str, timezone: str, at: datetime
    ) -> Group:
        """Store a new group."""
        ...

    async def update_group(
        self, group_id: int, *, timezone: str | None = None, moderator_role: str | None = None
    ) -> None:
        """Change the group's timezone and/or moderator role ("" clears the role)."""
        ...

    async def add_challenge(self, challenge: Challenge, key: str, at: datetime) -> int:
        """Store a new challenge and return its id."""
        ...

    async def by_name(self, platform: str, external_id: str, key: str) -> Challenge | None:
        """The group's challenge with this case-folded name, or None."""
        ...

    async def get(self, challenge_id: int) -> Challenge | None:
        """The challenge by id, or None."""
        ...

    async def in_group(self, group_id: int, limit: int = 25) -> list[Challenge]:
        """The group's challenges, newest start first."""
        ...

    async def end_now(self, challenge_id: int, at: datetime) -> None:
        """Move the end moment to `at`."""
        ...

    async def member(self, challenge: Challenge, athlete_id: int) -> Membership | None:
        """The athlete's membership in the challenge, hidden or not."""
        ...

    async def add_member(self, challenge_id: int, athlete_id: int, name: str, at: datetime) -> None:
        """A new visible member with a zero score."""
        ...

    async def set_hidden(self, member: Membership, hidden: bool) -> None:
        """Leave (hide, keeping the score) or re-join."""
        ...

    async def active_memberships(
        self,
        athlete_id: int,
        at: datetime,
        kinds: Collection[str],
        group: tuple[str, str] | None = None,
    ) -> list[Membership]:
        """Visible memberships in running challenges with a metric in `kinds` (one group's)."""
        ...

    async def memberships_of(self, athlete_id: int) -> list[Membership]:
        """Every membership of the athlete in any group, hidden or not."""
        ...

    async def recount(self, challenge_id: int) -> None:
        """Rebuild the score buckets and member count from the members themselves."""
        ...

    async def save_credit(
        self,
        member: Membership,
        state: MemberState,
        counted: int,
        day: date,
        source: str,
        at: datetime,
        name: str | None = None,
    ) -> None:
        """Record what a log counted and store the member's new totals."""
        ...

    async def day_used(self, member: Membership, day: date) -> int:
        """What already counted for this member on one local day."""
        ...

    async def credited_days(self, member: Membership) -> list[date]:
        """Every local day on which something counted for this member."""
        ...

    async def counted_checkin(self, member: Membership, at: datetime) -> bool:
        """True when the check-in of moment `at` already counted for this member."""
        ...

    async def top(self, challenge_id: int, limit: int) -> list[tuple[int, str, int]]:
        """(athlete id, name, score) of the best visible members in board order."""
        ...

    async def count_above(self, challenge_id: int, score: int) -> int:
        """Visible members with a strictly higher score."""
        ...

    async def claim_announcements(
        self, at: datetime, platforms: Sequence[str], limit: int = 20
    ) -> list[Challenge]:
        """Lock and mark as announced the ended, unannounced challenges (skip locked rows)."""
        ...

    async def unmark_announced(self, challenge_id: int) -> None:
        """Undo a claim whose post failed for a temporary reason."""
        ...

    async def running_since(
        self, started_before: datetime, at: datetime, platforms: Sequence[str]
    ) -> list[Challenge]:
        """Challenges still running at `at` that started before `started_before`."""
        ...

    async def claim_standings(self, challenge_id: int, week: int) -> bool:
        """Move the posted-week counter forward to `week`; False if already there."""
        ...

    async def set_standings_week(self, challenge_id: int, week: int) -> None:
        """Put the posted-week counter back (a post failed)."""
        ...


class TrainingLogRepository(Protocol):
    """The athlete's own training log from `log`."""

    async def add(
        self, athlete_id: int, kind: str, exercise_id: str | None, amount: int, at: datetime
    ) -> None:
        """Record one log."""
        ...

    async def for_athlete(self, athlete_id: int) -> list[tuple[str, str | None, int, datetime]]:
        """(kind, exercise id, amount, moment) of every log, oldest first."""
        ...


# --- check-ins ----------------------------------------------------------------------------


class CheckinRepository(Protocol):
    """Check-in schedules and check-ins (see bot/domain/schedules.py for the rules)."""

    async def get_schedule(self, athlete_id: int) -> Schedule | None:
        """The athlete's schedule or None."""
        ...

    async def save_schedule(self, schedule: Schedule) -> None:
        """Insert or replace the athlete's schedule."""
        ...

    async def lock_due(self, column: str, now: datetime, limit: int) -> list[Schedule]:
        """Schedules whose `column` (next_due_at / summary_due_at / program_due_at) <= now.

        Rows are locked FOR UPDATE SKIP LOCKED on PostgreSQL, so parallel workers split them.
        """
        ...

    async def set_due(self, column: str, updates: Sequence[tuple[int, datetime | None]]) -> None:
        """Store new due moments: (athlete id, moment or None) pairs."""
        ...

    async def recipients(
        self, athlete_ids: Collection[int]
    ) -> dict[int, tuple[bool, list[Account]]]:
        """(dms stopped, accounts oldest first) per athlete id."""
        ...

    async def insert_checkins(self, rows: Sequence[NewCheckin]) -> list[Checkin]:
        """Insert the rows whose (athlete, moment) key is new; return only those."""
        ...

    async def mark_sent(self, ids: Sequence[int], platform: str, at: datetime) -> None:
        """Record that these check-ins were delivered on `platform` at `at`."""
        ...

    async def lock_pending(self, now: datetime, limit: int) -> list[Checkin]:
        """Pending check-ins whose `send_after` <= now, locked (skip locked)."""
        ...

    async def expire_leases(self, now: datetime) -> int:
        """Mark check-ins still "sending" after their lease as undelivered; return how many."""
        ...

    async def update_checkins(self, checkins: Sequence[Checkin]) -> None:
        """Write the changeable fields of existing check-ins."""
        ...

    async def get_checkin(self, checkin_id: int) -> Checkin | None:
        """One check-in by id."""
        ...

    async def latest_open(self, athlete_id: int) -> Checkin | None:
        """The newest check-in that is sent or pending, or None."""
        ...

    async def history(self, athlete_id: int, since: date | None = None) -> list[Checkin]:
        """The athlete's check-ins (local day >= since), oldest first."""
        ...


class SessionSource(Protocol):
    """What the program says is due; ProgramService implements it (through an adapter)."""

    async def due_session(self, athlete_id: int, local_day: date) -> DueSession | None:
        """The session planned for that local day, or None (rest day, no program)."""
        ...

    async def weekly_program(self, athlete_id: int) -> list[Reply]:
        """This week's program as messages, or [] when there is none."""
        ...


# --- accounts: link codes and the generic per-athlete data (export, merge, delete) ---


class LinkCodeRepository(Protocol):
    """One-time link codes (stored hashed) and wrong guesses."""

    async def replace(
        self, athlete_id: int, code_hash: str, platform: str, now: datetime, expires_at: datetime
    ) -> bool:
        """Store a new code for the athlete (dropping their unused ones); False on a clash."""
        ...

    async def find(self, code_hash: str) -> LinkCode | None:
        """The code with this hash, used or not, or None."""
        ...

    async def claim(self, code_hash: str, now: datetime) -> bool:
        """Mark an unused, unexpired code used; True for exactly one caller, ever."""
        ...

    async def record_failure(self, athlete_id: int, now: datetime) -> None:
        """Remember one wrong code typed by the athlete."""
        ...

    async def failures_since(self, athlete_id: int, since: datetime) -> tuple[int, datetime | None]:
        """How many wrong codes the athlete typed after `since`, and the earliest of them."""
        ...

    async def purge(self, before: datetime) -> None:
        """Forget codes that expired and wrong guesses made before `before`."""
        ...


class AthleteDataRepository(Protocol):
    """Every row keyed to an athlete, in every table of every feature."""

    async def export(self, athlete_id: int) -> dict[str, object]:
        """Everything about the athlete by table, JSON-safe, nothing about other people."""
        ...

    async def merge(self, keep_id: int, drop_id: int) -> int:
        """Move the rows of `drop_id` to `keep_id` (keep wins conflicts); delete `drop_id`."""
        ...

    async def delete(self, athlete_id: int) -> bool:
        """Delete the athlete and, by cascade, everything keyed to them."""
        ...
