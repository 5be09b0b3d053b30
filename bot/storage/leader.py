"""The dispatcher election's lock: which process of a fleet sends the bulk work of a token set.

PostgreSQL: a session advisory lock (one bigint key, see `leader_key`) taken with
pg_try_advisory_lock on a connection kept for nothing else; the server drops it when that
process or its connection goes away (kill -9 included), and another process's next try
takes it. SQLite: an exclusive flock on `<database file>.lock`, taken once at start: a
second process on the same file cannot have it and refuses to start. An in-memory
database lives in one process, which therefore always leads.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import IO

from sqlalchemy import TextClause, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.errors import ConfigError
from bot.storage.holders import sqlite_file

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows: no cross-process exclusion there
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

_TRY_LOCK = text("SELECT pg_try_advisory_lock(:key)")
_UNLOCK = text("SELECT pg_advisory_unlock(:key)")


def leader_key(tokens: Mapping[str, str]) -> int:
    """A signed 64-bit lock key from the platforms and a hash of each one's token.

    The tokens themselves never reach the database or a log: only this digest of digests.
    """
    parts = sorted(
        f"{platform}:{hashlib.sha256(token.encode()).hexdigest()}"
        for platform, token in tokens.items()
    )
    digest = hashlib.sha256("|".join(["hipcoach-dispatch", *parts]).encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class SqlLeaderLock:
    """Implements `bot.services.leadership.LeaderLock` on the app's database engine."""

    def __init__(self, engine: AsyncEngine, key: int) -> None:
        self._engine = engine
        self.key = key
        self._postgres = engine.dialect.name == "postgresql"
        self._file_path = sqlite_file(engine)
        self._connection: AsyncConnection | None = None
        self._held = False
        self._file: IO[str] | None = None

    @property
    def shared(self) -> bool:
        """True when several processes may compete (PostgreSQL); else this process leads."""
        return self._postgres

    def hold_process(self) -> None:
        """SQLite file: take the exclusive file lock or refuse, in one line, to start."""
        if self._file_path is None or self._file is not None:
            return
        lock_path = Path(f"{self._file_path}.lock")
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        handle = lock_path.open("a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise ConfigError(
                f"another hipcoach process is already running on {self._file_path}; "
                "SQLite allows one process (use PostgreSQL to run several)"
            ) from None
        self._file = handle

    async def try_acquire(self) -> bool:
        """PostgreSQL: try once to take the lock; True when this process holds it now."""
        if not self._postgres:
            return True
        if self._connection is None:
            try:
                self._connection = await self._engine.connect()
            except Exception:
                log.warning("could not connect for the dispatcher lock", exc_info=True)
                return False
        self._held = await self._ask(_TRY_LOCK, {"key": self.key})
        return self._held

    async def still_held(self) -> bool:
        """PostgreSQL: False once the lock's connection broke (the server dropped the lock)."""
        if not self._postgres:
            return True
        return self._connection is not None and await self._ask(text("SELECT true"), {})

    async def _ask(self, statement: TextClause, params: dict[str, int]) -> bool:
        """One statement on the lock's connection; a broken connection (lock gone) is False."""
        assert self._connection is not None
        try:
            answer = bool(await self._connection.scalar(statement, params))
            await self._connection.commit()  # the session lock stays; no transaction does
        except Exception:
            log.warning("the dispatcher lock's connection broke", exc_info=True)
            await self._drop_connection()
            return False
        return answer

    async def release(self) -> None:
        """Give the lock up (the file lock too); another process may lead from now on."""
        if self._connection is not None:
            try:
                if self._held:  # unlocking a lock we don't hold only makes the server warn
                    await self._connection.execute(_UNLOCK, {"key": self.key})
                await self._connection.commit()
            except Exception:  # a broken connection: closing it ends the session and its lock
                log.debug("unlock failed; closing the connection", exc_info=True)
            await self._drop_connection()
        if self._file is not None:
            handle, self._file = self._file, None
            handle.close()  # closing drops the flock; the file stays for the next process

    async def _drop_connection(self) -> None:
        connection, self._connection, self._held = self._connection, None, False
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.invalidate()
            with contextlib.suppress(Exception):
                await connection.close()
