"""Limits every process of a fleet shares on PostgreSQL: per-user command windows, send pacing.

Command windows: one row per user (keyed by a digest of platform and id), read, passed through
the same sliding-window rule as the in-memory limiter, and written back only if the row is
still exactly as it was read (compare and set on its stored text), each statement committing
on its own, no transaction held between them. A process remembers the row it last wrote and
decides the user's next command from it, so a user who stays with one process costs one round
trip (the write); a process whose write found the row changed reads it again, so the limit
holds exactly across processes. Rows idle past the window are swept now and then.

Send pacing: a bot-wide budget of one send per `spacing` seconds is one row holding when the
next send may go; a send reserves its slot with one atomic UPSERT (the generic cell rate
algorithm) on the database server's clock, so the processes' own clocks never matter.
"""

from __future__ import annotations

import hashlib
import json
import typing
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import (
    Executable,
    Select,
    Table,
    Text,
    bindparam,
    cast,
    delete,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.errors import Busy
from bot.rate_limits import Refusal, window_hit
from bot.storage.fleet_models import RateLimitRow

RATE_LIMITS = typing.cast(Table, RateLimitRow.__table__)
SWEEP_EVERY = 500  # admissions between two sweeps of idle rows
RACES = 20  # one user's commands arriving at once at several processes lose a few at most
Reserve = Callable[[float], Awaitable[float]]

_RESERVE = text(
    "INSERT INTO send_budgets AS b (key, next_at) "
    "VALUES (:key, clock_timestamp() + make_interval(secs => :spacing)) "
    "ON CONFLICT (key) DO UPDATE SET next_at = "
    "greatest(b.next_at, clock_timestamp()) + make_interval(secs => :spacing) "
    "RETURNING extract(epoch FROM (b.next_at - clock_timestamp()))::float8 - :spacing"
)


def digest(*parts: str) -> str:
    """A fixed-length key that names no user or token."""
    return hashlib.sha256(":".join(parts).encode()).hexdigest()


class Window(NamedTuple):
    """A stored window: its hits as the stored JSON text (compared when writing over it),
    when the user was last told, and when this process wrote it."""

    hits: str
    told: float | None
    written: float


class SqlCommandLimiter:
    """Implements bot.rate_limits.CommandLimiter on a shared PostgreSQL row per user."""

    def __init__(self, engine: AsyncEngine, limit: int = 20, window: timedelta | None = None):
        self._engine = engine
        self._limit = limit
        self._window = (window or timedelta(minutes=1)).total_seconds()
        self._admitted = 0
        # Each user's window as this process last wrote it: the next command writes over it
        # at once (one round trip); only when another process changed it is the row read.
        self._known: dict[str, Window] = {}

    async def admit(self, key: tuple[str, str], now: datetime) -> Refusal | None:
        """Record one hit of the user's window (shared by every process); None when allowed."""
        row_key = digest("command", *key)
        async with self._engine.connect() as connection:
            auto = await connection.execution_options(isolation_level="AUTOCOMMIT")
            refusal = await self._hit(auto, row_key, now)
        self._admitted += 1
        if self._admitted % SWEEP_EVERY == 0:
            self._forget_before(now.timestamp() - self._window)
            await self.sweep(now)
        return refusal

    async def _hit(
        self, connection: AsyncConnection, row_key: str, now: datetime
    ) -> Refusal | None:
        """Decide from the row this process last wrote (no read) or else from the stored row,
        store if unchanged; again from the stored row when another process wrote it in
        between (each lost race means another hit was recorded)."""
        for attempt in range(RACES):
            known = self._known.pop(row_key, None) if attempt == 0 else None
            row = known or await self._read(connection, row_key)
            stored_hits = json.loads(row.hits) if row is not None else []
            told = row.told if row is not None else None
            hits, new_told, refusal = window_hit(
                stored_hits, told, now.timestamp(), self._limit, self._window
            )
            if row is not None and hits == stored_hits and new_told == told:
                if known is not None:
                    continue  # a refusal that changes nothing: checked on the stored row
                return refusal  # a refusal that changes nothing is not written
            values = {"row_key": row_key, "new_hits": hits, "new_told": new_told, "at": now}
            if row is None:
                written = await connection.execute(_create(), values)
            else:
                values |= {"seen_hits": row.hits, "seen_told": told}
                written = await connection.execute(_write(), values)
            stored = written.first()
            if stored is not None:
                self._known[row_key] = Window(stored.hits, new_told, now.timestamp())
                return refusal
        raise Busy()  # the row kept changing: nothing was recorded

    async def _read(self, connection: AsyncConnection, row_key: str) -> Window | None:
        """The user's window as stored, None when there is none."""
        found = (await connection.execute(_read(), {"row_key": row_key})).first()
        return None if found is None else Window(found.hits, found.told_at, 0.0)

    def _forget_before(self, horizon: float) -> None:
        """Drop the windows this process wrote before `horizon` (idle users)."""
        self._known = {key: row for key, row in self._known.items() if row.written > horizon}

    async def sweep(self, now: datetime) -> int:
        """Delete the windows of users idle for longer than the window."""
        horizon = now - timedelta(seconds=self._window)
        async with self._engine.begin() as connection:
            result = await connection.execute(
                delete(RATE_LIMITS).where(RATE_LIMITS.c.updated_at < horizon)
            )
        return int(getattr(result, "rowcount", 0) or 0)


@cache
def _read() -> Select[Any]:
    """A user's window as stored: the hits as their JSON text, to compare when writing."""
    return select(cast(RATE_LIMITS.c.hits, Text).label("hits"), RATE_LIMITS.c.told_at).where(
        RATE_LIMITS.c.key == bindparam("row_key")
    )


@cache
def _create() -> Executable:
    """A new user's window; nothing when another process created it first."""
    return (
        insert(RATE_LIMITS)
        .values(
            key=bindparam("row_key"),
            hits=bindparam("new_hits"),
            told_at=bindparam("new_told"),
            updated_at=bindparam("at"),
        )
        .on_conflict_do_nothing()
        .returning(cast(RATE_LIMITS.c.hits, Text).label("hits"))
    )


@cache
def _write() -> Executable:
    """The window's new state, only over the state it was worked out from."""
    return (
        update(RATE_LIMITS)
        .where(
            RATE_LIMITS.c.key == bindparam("row_key"),
            cast(RATE_LIMITS.c.hits, Text) == bindparam("seen_hits"),
            RATE_LIMITS.c.told_at.is_not_distinct_from(bindparam("seen_told")),
        )
        .values(
            hits=bindparam("new_hits"), told_at=bindparam("new_told"), updated_at=bindparam("at")
        )
        .returning(cast(RATE_LIMITS.c.hits, Text).label("hits"))
    )


class SqlSendBudgets:
    """Bot-wide send budgets shared by every process of one token set."""

    def __init__(self, engine: AsyncEngine, token_digest: str) -> None:
        self._engine = engine
        self._token_digest = token_digest

    def reserver(self, platform: str) -> Reserve:
        """`reserve(spacing)`: take the platform's next send slot; seconds to wait for it."""
        key = digest("send", platform, self._token_digest)

        async def reserve(spacing: float) -> float:
            async with self._engine.connect() as connection:
                auto = await connection.execution_options(isolation_level="AUTOCOMMIT")
                wait = await auto.scalar(_RESERVE, {"key": key, "spacing": spacing})
            return max(float(wait or 0.0), 0.0)

        return reserve
