"""Limits every process of a fleet shares on PostgreSQL: per-user command windows, send pacing.

Command windows: one row per user (keyed by a digest of platform and id), read FOR UPDATE,
passed through the same sliding-window rule as the in-memory limiter, written back; two
processes admitting one user's commands queue on the row lock, so the limit holds exactly.
Rows idle past the window are swept now and then.

Send pacing: a bot-wide budget of one send per `spacing` seconds is one row holding when the
next send may go; a send reserves its slot with one atomic UPSERT (the generic cell rate
algorithm) on the database server's clock, so the processes' own clocks never matter.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, delete, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.ratelimit import Refusal, window_hit
from bot.storage.fleet_models import RateLimitRow

RATE_LIMITS = cast(Table, RateLimitRow.__table__)
SWEEP_EVERY = 500  # admissions between two sweeps of idle rows
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


class SqlCommandLimiter:
    """Implements bot.domain.ratelimit.CommandLimiter on a shared PostgreSQL row per user."""

    def __init__(self, engine: AsyncEngine, limit: int = 20, window: timedelta | None = None):
        self._engine = engine
        self._limit = limit
        self._window = (window or timedelta(minutes=1)).total_seconds()
        self._admitted = 0

    async def admit(self, key: tuple[str, str], now: datetime) -> Refusal | None:
        """Record one hit of the user's window (shared by every process); None when allowed."""
        row_key = digest("command", *key)
        async with self._engine.begin() as connection:
            locked = select(RATE_LIMITS.c.hits, RATE_LIMITS.c.told_at).where(
                RATE_LIMITS.c.key == row_key
            )
            row = (await connection.execute(locked.with_for_update())).first()
            if row is None:
                await connection.execute(
                    insert(RATE_LIMITS)
                    .values(key=row_key, hits=[], told_at=None, updated_at=now)
                    .on_conflict_do_nothing()
                )
                row = (await connection.execute(locked.with_for_update())).one()
            hits, told, refusal = window_hit(
                row.hits, row.told_at, now.timestamp(), self._limit, self._window
            )
            await connection.execute(
                update(RATE_LIMITS)
                .where(RATE_LIMITS.c.key == row_key)
                .values(hits=hits, told_at=told, updated_at=now)
            )
        self._admitted += 1
        if self._admitted % SWEEP_EVERY == 0:
            await self.sweep(now)
        return refusal

    async def sweep(self, now: datetime) -> int:
        """Delete the windows of users idle for longer than the window."""
        horizon = now - timedelta(seconds=self._window)
        async with self._engine.begin() as connection:
            result = await connection.execute(
                delete(RATE_LIMITS).where(RATE_LIMITS.c.updated_at < horizon)
            )
        return int(getattr(result, "rowcount", 0) or 0)


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
