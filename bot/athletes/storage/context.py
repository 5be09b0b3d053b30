"""The sender's context in one statement: account, athlete flags, pending check-in notice."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.athletes.context_port import SenderRecord
from bot.athletes.storage.models import AthleteRow, PlatformAccountRow
from bot.athletes.storage.repositories import _account as account_from_row
from bot.checkins.storage.models import CheckinScheduleRow
from bot.storage.core import execute_core
from bot.storage.riders import Extend, Rider, waiting_riders


@cache
def _sender_query() -> Select[Any]:
    """Built once on first use: a Core SELECT on the tables (no ORM entities, so no ORM result
    processing), with SQLAlchemy's compiled cache keyed on this one object."""
    accounts = PlatformAccountRow.__table__
    athletes = AthleteRow.__table__
    schedules = CheckinScheduleRow.__table__
    return (
        select(
            accounts.c.platform,
            accounts.c.external_id,
            accounts.c.athlete_id,
            accounts.c.display_name,
            accounts.c.dm_chat_id,
            accounts.c.reachable,
            athletes.c.dms_stopped,
            athletes.c.disclaimer_seen,
            athletes.c.language,
            schedules.c.notice_pending,
        )
        .join(athletes, athletes.c.id == accounts.c.athlete_id)
        .outerjoin(schedules, schedules.c.athlete_id == accounts.c.athlete_id)
        .where(
            accounts.c.platform == bindparam("platform"),
            accounts.c.external_id == bindparam("external_id"),
        )
    )


@cache
def _ridden_query(extends: tuple[Extend, ...]) -> tuple[Select[Any], tuple[slice | None, ...]]:
    """The sender's query with the riders' tables outer-joined on the athlete, in order, and
    where each rider's columns are in a row (None: not applied). Built once per riders."""
    accounts = PlatformAccountRow.__table__
    query, anchors = _sender_query(), {"athlete_id": accounts.c.athlete_id}
    places: list[slice | None] = []
    for extend in extends:
        before = len(query.selected_columns)
        extended = extend(query, anchors)
        if extended is not None:
            query = extended
        places.append(None if extended is None else slice(before, len(query.selected_columns)))
    return query, tuple(places)


class SqlSenderContextRepository:
    """Reads what the router needs about a sender with one SELECT (outer join on schedules)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def read(
        self, platform: str, external_id: str, *, alone: bool = False
    ) -> SenderRecord | None:
        """The account, its athlete's flags and the pending notice; None for a new account.

        `alone`: the unit of work reads nothing else, so the read may skip its transaction."""
        params = {"platform": platform, "external_id": external_id}
        bind = self._session.bind
        riders = waiting_riders(self._session)
        if riders:  # one SELECT for the sender and the features' rows (riders.py)
            found = await self._read_with(riders, params)
        elif alone and isinstance(bind, AsyncEngine) and bind.dialect.name == "postgresql":
            # A lone SELECT that commits by itself: one round trip instead of BEGIN, SELECT and
            # ROLLBACK. Nothing is locked either way (READ COMMITTED sees the same rows); the
            # unit of work's writes, when there are any, begin its own transaction. Read with
            # a command (not alone), it is one statement of that command's transaction.
            async with bind.connect() as connection:
                autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
                found = (await autocommit.execute(_sender_query(), params)).first()
        else:  # SQLite: a SELECT opens no transaction, and switching modes costs two trips;
            # PostgreSQL in a command's unit of work: part of its transaction
            found = (await execute_core(self._session, _sender_query(), params)).first()
        if found is None:
            return None
        return SenderRecord(
            account_from_row(found),
            bool(found.dms_stopped),
            bool(found.disclaimer_seen),
            bool(found.notice_pending),
            found.language,
        )

    async def _read_with(self, riders: tuple[Rider, ...], params: dict[str, Any]) -> Any:
        """The sender's row; each applied rider gets its columns of every row."""
        query, places = _ridden_query(tuple(rider.extend for rider in riders))
        for rider in riders:
            params = params | rider.params
        rows = (await execute_core(self._session, query, params)).all()
        if not rows:
            return None  # a new account: the riders read alone, after the athlete is made
        for rider, place in zip(riders, places, strict=True):
            if place is not None:  # not applied: it reads alone
                rider.read(rows[0].athlete_id, [tuple(row[place]) for row in rows])
        return rows[0]
