"""Storage ports for check-in schedules and check-ins, and the program source they ask."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

from bot.athletes.context_port import ReadWithSender
from bot.checkins.schedules import Checkin, DueSession, NewCheckin, Schedule, Status
from bot.i18n import Translator
from bot.types import Reply

if TYPE_CHECKING:  # bot.ports imports this module
    from bot.ports.events import EventRow


class CheckinRepository(Protocol):
    """Check-in schedules and check-ins (see bot/checkins/schedules.py for the rules)."""

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

    async def set_due(
        self,
        column: str,
        updates: Sequence[tuple[int, datetime | None]],
        holder: int | None = None,
    ) -> None:
        """Store new due moments: (athlete id, moment or None) pairs, leases of `holder`."""
        ...

    async def insert_checkins(
        self, rows: Sequence[NewCheckin], holder: int | None = None
    ) -> list[Checkin]:
        """Insert the rows whose (athlete, moment) key is new; return only those.

        Rows inserted as "sending" are claims of `holder`.
        """
        ...

    async def mark_sent(self, ids: Sequence[int], platform: str, at: datetime) -> None:
        """Record that these check-ins were delivered on `platform` at `at`."""
        ...

    async def lock_pending(self, now: datetime, limit: int) -> list[Checkin]:
        """Pending check-ins whose `send_after` <= now, locked (skip locked)."""
        ...

    async def claims(self) -> dict[int | None, datetime]:
        """Who holds "sending" claims: holder id (None: unknown) -> its earliest lease end."""
        ...

    async def release_claims(self, now: datetime, holders: Collection[int]) -> int:
        """Make the claims of `holders`, and every expired claim, pending again (due now)."""
        ...

    async def renew_claims(self, holder: int, until: datetime) -> None:
        """Extend the lease of every claim `holder` still holds."""
        ...

    async def move_due(
        self,
        column: str,
        moves: Sequence[tuple[int, datetime, datetime | None]],
        holder: int | None = None,
    ) -> None:
        """(athlete id, expected, new): store `new` where `column` still holds `expected`.

        `holder` holds the new moments as weekly leases (None: no lease).
        """
        ...

    async def lease_holders(self, column: str) -> set[int]:
        """The holder ids of the weekly leases in `column` (summary / program due)."""
        ...

    async def release_leases(self, column: str, holders: Collection[int], now: datetime) -> int:
        """Make the weekly leases of `holders` due now; return how many."""
        ...

    async def earliest_due(self, column: str) -> datetime | None:
        """The earliest moment in a schedule due column."""
        ...

    async def earliest_checkin(self) -> datetime | None:
        """The earliest `send_after` of a pending check-in or of a claim's lease end."""
        ...

    async def update_checkins(self, checkins: Sequence[Checkin], holder: int | None = None) -> None:
        """Write the changeable fields of existing check-ins ("sending" ones: `holder`'s)."""
        ...

    async def save_answer(
        self, answered: Checkin, before: Status, event: EventRow | None = None
    ) -> bool:
        """Store an answer (status, answered_at, send_after, pain_exercise) only if the stored
        status is still `before`; False when another answer landed first (it is held until
        this unit of work ends, so the next read sees it). `event`: the row of the event the
        answer publishes, stored with it (`uow.events.handle` runs its handlers after)."""
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

    def history_with_sender(self, answering: int | None = None) -> ReadWithSender[list[Checkin]]:
        """`history` (all of it), read with the sender when the unit of work identifies the
        sender next (call it before identifying); `answering`: the check-in being answered,
        whose moment the reads riding after it read by."""
        ...


class SessionSource(Protocol):
    """What the program says is due; ProgramService implements it (through an adapter)."""

    async def due_session(self, athlete_id: int, local_day: date) -> DueSession | None:
        """The session planned for that local day, or None (rest day, no program)."""
        ...

    async def weekly_program(self, athlete_id: int, tr: Translator) -> list[Reply]:
        """This week's program as messages, or [] when there is none."""
        ...
