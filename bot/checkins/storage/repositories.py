"""Check-in schedules and check-ins in SQL, with batch operations for the dispatcher."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Select, Update, bindparam, case, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.checkins.schedules import Checkin, Schedule, Status
from bot.checkins.storage.claims import CHECKINS, SCHEDULES, CheckinClaims
from bot.checkins.storage.models import CheckinScheduleRow
from bot.checkins.storage.rows import checkin_from_row, schedule_from_row, session_json
from bot.clock import Clock
from bot.ports.events import EventRow
from bot.storage.core import execute_core
from bot.storage.events import event_params, event_values, insert_event, insert_event_from
from bot.storage.riders import RiddenRead


class SqlCheckinRepository(CheckinClaims):
    """Schedules in `checkin_schedules`, check-ins in `checkins`."""

    def __init__(self, session: AsyncSession, clock: Clock) -> None:
        self._session = session
        self._clock = clock

    async def get_schedule(self, athlete_id: int) -> Schedule | None:
        """The athlete's schedule or None."""
        result = await self._session.execute(
            select(SCHEDULES).where(SCHEDULES.c.athlete_id == athlete_id)
        )
        row = result.first()
        return schedule_from_row(row) if row else None

    async def save_schedule(self, schedule: Schedule) -> None:
        """Insert or replace the athlete's schedule."""
        row = await self._session.scalar(
            select(CheckinScheduleRow).where(CheckinScheduleRow.athlete_id == schedule.athlete_id)
        )
        if row is None:
            row = CheckinScheduleRow(athlete_id=schedule.athlete_id)
            self._session.add(row)
        row.days = schedule.rule.days_text
        row.local_time = f"{schedule.rule.at:%H:%M}"
        row.timezone = schedule.rule.timezone
        row.active = schedule.active
        row.paused_reason = schedule.paused_reason
        row.notice_pending = schedule.notice_pending
        row.preferred_platform = schedule.preferred_platform
        row.next_due_at = schedule.next_due_at
        row.summary_due_at = schedule.summary_due_at
        row.program_due_at = schedule.program_due_at
        # What the owner writes is no lease: it must never be "handed back" as due now.
        row.summary_held_by = row.program_held_by = None
        row.updated_at = self._clock.now()
        await self._session.flush()

    async def update_checkins(self, checkins: Sequence[Checkin], holder: int | None = None) -> None:
        """Write the changeable fields of existing check-ins ("sending" ones: `holder`'s)."""
        if not checkins:
            return
        statement = (
            update(CHECKINS)
            .where(CHECKINS.c.id == bindparam("b_id"))
            .values(
                status=bindparam("b_status"),
                send_after=bindparam("b_send_after"),
                claimed_by=bindparam("b_holder"),
                attempts=bindparam("b_attempts"),
                snoozes=bindparam("b_snoozes"),
                platform=bindparam("b_platform"),
                session_title=bindparam("b_title"),
                session_json=bindparam("b_json"),
                difficulty=bindparam("b_difficulty"),
                pain_exercise=bindparam("b_pain"),
                sent_at=bindparam("b_sent_at"),
                answered_at=bindparam("b_answered_at"),
            )
        )
        params = [
            {
                "b_id": item.id,
                "b_status": item.status.value,
                "b_send_after": item.send_after,
                "b_holder": holder if item.status == Status.SENDING else None,
                "b_attempts": item.attempts,
                "b_snoozes": item.snoozes,
                "b_platform": item.platform,
                "b_title": item.session.title[:100] if item.session else None,
                "b_json": session_json(item.session),
                "b_difficulty": item.difficulty,
                "b_pain": item.pain_exercise,
                "b_sent_at": item.sent_at,
                "b_answered_at": item.answered_at,
            }
            for item in checkins
        ]
        await self._session.execute(statement, params)

    async def save_answer(
        self, answered: Checkin, before: Status, event: EventRow | None = None
    ) -> bool:
        """Store an answer only if the stored status is still `before`; False otherwise.
        `event`: the event row it publishes, stored with it (then `uow.events.handle` it).

        The first write of the answer's unit of work: on SQLite it takes the write lock, on
        PostgreSQL it locks the row until the end (a second answer waits, then sees the first).
        On PostgreSQL the answer and its event are one statement (a data-modifying CTE).
        """
        params = {
            "a_id": answered.id,
            "a_before": before.value,
            "a_status": answered.status.value,
            "a_answered_at": answered.answered_at,
            "a_send_after": answered.send_after,
            "a_pain": answered.pain_exercise,
        }
        bind = self._session.bind
        if event is not None and bind is not None and bind.dialect.name == "postgresql":
            stored = await execute_core(
                self._session, _answer_with_event(), params | event_params(event)
            )
            return stored.first() is not None
        result = await execute_core(self._session, _save_answer(), params)
        if not result.rowcount:
            return False
        if event is not None:  # SQLite: no writes in a WITH, so a second statement
            await execute_core(self._session, insert_event(), event_values(event))
        return True

    async def get_checkin(self, checkin_id: int) -> Checkin | None:
        """One check-in by id."""
        result = await self._session.execute(select(CHECKINS).where(CHECKINS.c.id == checkin_id))
        row = result.first()
        return checkin_from_row(row) if row else None

    async def latest_open(self, athlete_id: int) -> Checkin | None:
        """The newest check-in that is sent or pending, or None."""
        result = await self._session.execute(
            select(CHECKINS)
            .where(
                CHECKINS.c.athlete_id == athlete_id,
                CHECKINS.c.status.in_([Status.SENT.value, Status.PENDING.value]),
            )
            .order_by(CHECKINS.c.scheduled_at.desc())
            .limit(1)
        )
        row = result.first()
        return checkin_from_row(row) if row else None

    async def history(self, athlete_id: int, since: date | None = None) -> list[Checkin]:
        """The athlete's check-ins (local day >= since), oldest first."""
        query = _history(since is not None)
        params = {"h_athlete_id": athlete_id, "h_since": since}
        return [checkin_from_row(row) for row in await self._session.execute(query, params)]

    def history_with_sender(self, answering: int | None = None) -> RiddenRead[list[Checkin]]:
        """`history` (all of it), read with the sender when the unit of work identifies the
        sender next (call it before identifying). `answering`: the check-in being answered,
        whose moment later riders may read by (the session a SessionCounted credits)."""

        async def alone(athlete_id: int) -> list[Checkin]:
            return await self.history(athlete_id)

        if answering is None:
            return RiddenRead(self._session, _ride_history, {}, _ridden_history, alone)
        params = {"ride_answering": answering}
        return RiddenRead(self._session, _ride_answered, params, _ridden_history, alone)


@cache
def _save_answer() -> Update:
    """Built once: the answer over the status it was decided from (compiled-cache friendly)."""
    return (
        update(CHECKINS)
        .where(CHECKINS.c.id == bindparam("a_id"), CHECKINS.c.status == bindparam("a_before"))
        .values(
            status=bindparam("a_status"),
            answered_at=bindparam("a_answered_at"),
            send_after=bindparam("a_send_after"),
            pain_exercise=bindparam("a_pain"),
            claimed_by=None,
        )
    )


_CHECKIN_FIELDS = tuple(CHECKINS.c.keys())


def _ride_history(query: Any, anchors: dict[str, Any]) -> Any:
    """The sender's query (riders.py) with each of the athlete's check-ins, oldest first."""
    return (
        query.outerjoin(CHECKINS, CHECKINS.c.athlete_id == anchors["athlete_id"])
        .add_columns(*CHECKINS.c)
        .order_by(CHECKINS.c.scheduled_at, CHECKINS.c.id)
    )


def _ride_answered(query: Any, anchors: dict[str, Any]) -> Any:
    """`_ride_history`, naming the answered check-in's moment for the riders after it
    (`session_moment`: NULL on the other check-ins' rows, so rows joined by it repeat only
    the answered check-in's)."""
    answered = CHECKINS.c.id == bindparam("ride_answering")
    anchors["session_moment"] = case((answered, CHECKINS.c.scheduled_at))
    return _ride_history(query, anchors)


def _ridden_history(rows: list[tuple[Any, ...]]) -> list[Checkin]:
    """The check-ins among a sender read's rows (none: one row of NULLs), each once (a later
    rider's rows may repeat one)."""
    named = (SimpleNamespace(**dict(zip(_CHECKIN_FIELDS, row, strict=True))) for row in rows)
    unique = {row.id: row for row in named if row.id is not None}
    return [checkin_from_row(row) for row in unique.values()]  # type: ignore[arg-type]


@cache
def _answer_with_event() -> Select[Any]:
    """PostgreSQL: the answer and, only when it was stored, its event; returns the answered
    check-in's id (no row: another answer landed first, nothing was stored)."""
    answered = _save_answer().returning(CHECKINS.c.id).cte("answered")
    add_event = insert_event_from(answered).cte("add_event")
    return select(answered.c.id).add_cte(add_event)


@cache
def _history(since: bool) -> Select[Any]:
    """Built once per shape: an athlete's check-ins, oldest first (from a local day)."""
    query = select(CHECKINS).where(CHECKINS.c.athlete_id == bindparam("h_athlete_id"))
    if since:
        query = query.where(CHECKINS.c.local_day >= bindparam("h_since"))
    return query.order_by(CHECKINS.c.scheduled_at)
