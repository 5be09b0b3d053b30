"""Per-user locks shared by a fleet: PostgreSQL transaction-level advisory locks.

A lock is `pg_advisory_xact_lock` on a key derived from the user id, taken in a transaction
on a connection of the locks' own small pool and held while the user's update is handled.
The transaction's end releases it (commit, rollback, a cancelled task, or the process dying
and the server closing its connection), so a lock can never outlive its holder. The pool is
separate from the app's: a handler holding a lane still gets its own connections for the
work, so lanes can never starve the handlers of connections (no deadlock).
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

LANE_POOL = 20  # users whose updates are handled at once by one process, beyond: they wait
_LOCK = text("SELECT pg_advisory_xact_lock(:key)")


def lane_key(key: int) -> int:
    """A signed 64-bit advisory-lock key for one user, apart from the dispatcher's keys."""
    digest = hashlib.sha256(f"hipcoach-lane:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class SqlUserLocks:
    """Implements `bot.ports.lanes.UserLocks` on PostgreSQL."""

    def __init__(self, database_url: str, pool: int = LANE_POOL) -> None:
        # No connection is opened here: the engine connects on the first `hold`.
        self._engine: AsyncEngine = create_async_engine(
            database_url, pool_size=pool, max_overflow=0
        )

    @asynccontextmanager
    async def hold(self, key: int) -> AsyncIterator[None]:
        """Wait for the user's lock in the database, hold it for the block."""
        async with self._engine.begin() as connection:
            await connection.execute(_LOCK, {"key": lane_key(key)})
            yield

    async def close(self) -> None:
        """Close the pool (ends any transaction still holding a lock)."""
        await self._engine.dispose()
