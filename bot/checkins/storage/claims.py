"""The dispatcher's batch statements on check-in tables: claim, record, release, renew.

A claim is a "sending" row with a lease end in `send_after` and its holder in `claimed_by`.
A weekly lease is a schedule's summary / program due moment set to the lease end, with its
holder in `summary_held_by` / `program_held_by`.
Schedules are locked FOR UPDATE SKIP LOCKED (PostgreSQL; SQLite has one writer anyway) so
parallel dispatchers split the due rows between them.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.checkins.schedules import Checkin, NewCheckin, Schedule, Status
from bot.checkins.storage.models import CheckinRow, CheckinScheduleRow
from bot.checkins.storage.rows import checkin_from_row, schedule_from_row, session_json
from bot.storage.times import aware, aware_or_none

SCHEDULES = cast(Table, CheckinScheduleRow.__table__)
CHECKINS = cast(Table, CheckinRow.__table__)
DUE_COLUMNS = ("next_due_at", "summary_due_at", "program_due_at")
HELD_COLUMNS = {"summary_due_at": "summary_held_by", "program_due_at": "program_held_by"}
SENDING, PENDING = Status.SENDING.value, Status.PENDING.value


def due_column(column: str) -> str:
    """The column name, checked against the schedule's due columns."""
    if column not in DUE_COLUMNS:
        raise ValueError(f"unknown due column {column!r}")
    return column


def held_column(column: str) -> str:
    """The holder column of a weekly due column."""
    if column not in HELD_COLUMNS:
        raise ValueError(f"no lease holder for due column {column!r}")
    return HELD_COLUMNS[column]


def _due_values(column: str, holder: int | None) -> dict[str, Any]:
    """The SET clause storing a due moment (and, on weekly columns, who holds it as a lease)."""
    values: dict[str, Any] = {due_column(column): bindparam("b_due")}
    if column in HELD_COLUMNS:
        values[HELD_COLUMNS[column]] = holder
    return values


class CheckinClaims:
    """Mixed into SqlCheckinRepository: everything the dispatcher does in bulk."""

    _session: AsyncSession

    async def lock_due(self, column: str, now: datetime, limit: int) -> list[Schedule]:
        """Schedules due in `column`, oldest first, locked FOR UPDATE SKIP LOCKED."""
        due = SCHEDULES.c[due_column(column)]
        result = await self._session.execute(
            select(SCHEDULES)
            .where(due <= now)
            .order_by(due)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return [schedule_from_row(row) for row in result]

    async def set_due(
        self,
        column: str,
        updates: Sequence[tuple[int, datetime | None]],
        holder: int | None = None,
    ) -> None:
        """Store new due moments: (athlete id, moment or None) pairs, leases of `holder`."""
        if not updates:
            return
        statement = (
            update(SCHEDULES)
            .where(SCHEDULES.c.athlete_id == bindparam("b_athlete"))
            .values(_due_values(column, holder))
        )
        await self._session.execute(
            statement, [{"b_athlete": athlete, "b_due": due} for athlete, due in updates]
        )

    async def move_due(
        self,
        column: str,
        moves: Sequence[tuple[int, datetime, datetime | None]],
        holder: int | None = None,
    ) -> None:
        """(athlete id, expected, new): store `new` where `column` still holds `expected`.

        A schedule changed meanwhile (turned off, moved) keeps what its owner wrote.
        `holder` holds the new moments as leases (None: they are no lease).
        """
        if not moves:
            return
        due = SCHEDULES.c[due_column(column)]
        statement = (
            update(SCHEDULES)
            .where(SCHEDULES.c.athlete_id == bindparam("b_athlete"), due == bindparam("b_held"))
            .values(_due_values(column, holder))
        )
        await self._session.execute(
            statement,
            [{"b_athlete": athlete, "b_held": held, "b_due": new} for athlete, held, new in moves],
        )

    async def lease_holders(self, column: str) -> set[int]:
        """The holder ids of the weekly leases in `column`."""
        held = SCHEDULES.c[held_column(column)]
        result = await self._session.execute(select(held).where(held.is_not(None)).distinct())
        return {int(row[0]) for row in result}

    async def release_leases(self, column: str, holders: Collection[int], now: datetime) -> int:
        """Make the weekly leases of `holders` due now; return how many."""
        if not holders:
            return 0
        held = SCHEDULES.c[held_column(column)]
        result = await self._session.execute(
            update(SCHEDULES)
            .where(held.in_(list(holders)))
            .values({due_column(column): now, held.name: None})
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def earliest_due(self, column: str) -> datetime | None:
        """The earliest moment stored in a schedule due column (paused ones hold NULL)."""
        due = SCHEDULES.c[due_column(column)]
        return aware_or_none(await self._session.scalar(select(func.min(due))))

    async def earliest_checkin(self) -> datetime | None:
        """The earliest `send_after` of a pending retry or snooze, or of a claim's lease end."""
        moments = [
            await self._session.scalar(
                select(func.min(CHECKINS.c.send_after)).where(CHECKINS.c.status == status)
            )
            for status in (PENDING, SENDING)
        ]
        found = [aware(moment) for moment in moments if moment is not None]
        return min(found) if found else None

    async def insert_checkins(
        self, rows: Sequence[NewCheckin], holder: int | None = None
    ) -> list[Checkin]:
        """Insert the rows whose (athlete, moment) key is new; return only those.

        Rows inserted as "sending" are claims of `holder`.
        """
        if not rows:
            return []
        dialect = self._session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = (
            insert(CHECKINS)
            .on_conflict_do_nothing(index_elements=["athlete_id", "scheduled_at"])
            .returning(CHECKINS.c.id, CHECKINS.c.athlete_id, CHECKINS.c.scheduled_at)
        )
        params = [
            {
                "athlete_id": row.athlete_id,
                "scheduled_at": row.scheduled_at,
                "local_day": row.local_day,
                "status": row.status.value,
                "send_after": row.send_after,
                "claimed_by": holder if row.status == Status.SENDING else None,
                "attempts": 0,
                "snoozes": 0,
                "session_title": row.session.title[:100] if row.session else None,
                "session_json": session_json(row.session),
            }
            for row in rows
        ]
        result = await self._session.execute(statement, params)
        by_key = {(row.athlete_id, row.scheduled_at): row for row in rows}
        inserted = []
        for found in result:
            row = by_key[(found.athlete_id, aware(found.scheduled_at))]
            inserted.append(
                Checkin(
                    id=found.id,
                    athlete_id=row.athlete_id,
                    scheduled_at=row.scheduled_at,
                    local_day=row.local_day,
                    status=row.status,
                    send_after=row.send_after,
                    session=row.session,
                )
            )
        return inserted

    async def mark_sent(self, ids: Sequence[int], platform: str, at: datetime) -> None:
        """Record that these check-ins were delivered on `platform` at `at`."""
        if ids:
            await self._session.execute(
                update(CHECKINS)
                # Only rows still in flight: an answer given while the message was going out
                # (to a snoozed re-send, say) must not be overwritten with "sent".
                .where(CHECKINS.c.id.in_(list(ids)), CHECKINS.c.status == SENDING)
                .values(
                    status=Status.SENT.value,
                    platform=platform,
                    sent_at=at,
                    send_after=None,
                    claimed_by=None,
                )
            )

    async def lock_pending(self, now: datetime, limit: int) -> list[Checkin]:
        """Pending check-ins whose `send_after` <= now, locked (skip locked)."""
        result = await self._session.execute(
            select(CHECKINS)
            .where(CHECKINS.c.status == PENDING, CHECKINS.c.send_after <= now)
            .order_by(CHECKINS.c.send_after)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return [checkin_from_row(row) for row in result]

    async def claims(self) -> dict[int | None, datetime]:
        """Who holds "sending" claims: holder id (None: unknown) -> its earliest lease end."""
        result = await self._session.execute(
            select(CHECKINS.c.claimed_by, func.min(CHECKINS.c.send_after))
            .where(CHECKINS.c.status == SENDING)
            .group_by(CHECKINS.c.claimed_by)
        )
        return {row[0]: aware(row[1]) for row in result if row[1] is not None}

    async def release_claims(self, now: datetime, holders: Collection[int]) -> int:
        """Put back as pending (due now) the claims of `holders` and every expired claim.

        Each release counts as an attempt, so a check-in that keeps killing its sender
        is given up like one that keeps failing. Returns how many were released.
        """
        stale = CHECKINS.c.send_after < now
        if holders:
            stale = or_(stale, CHECKINS.c.claimed_by.in_(list(holders)))
        result = await self._session.execute(
            update(CHECKINS)
            .where(CHECKINS.c.status == SENDING, stale)
            .values(
                status=PENDING,
                send_after=now,
                claimed_by=None,
                attempts=CHECKINS.c.attempts + 1,
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def renew_claims(self, holder: int, until: datetime) -> None:
        """Extend the lease of every claim `holder` still holds."""
        await self._session.execute(
            update(CHECKINS)
            .where(CHECKINS.c.status == SENDING, CHECKINS.c.claimed_by == holder)
            .values(send_after=until)
        )
