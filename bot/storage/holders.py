"""Which dispatcher processes are alive: each holds a lock the system drops when it dies.

PostgreSQL: a session advisory lock (HOLDER_LOCKS, holder id) on a connection the process
keeps open; the server releases it when the process or its connection goes away.
SQLite: an exclusive flock on `<database file>.holders/<holder id>.lock`; the kernel releases
it when the process dies, whatever the signal (kill -9 included). An in-memory database
lives in one process: there the holders started in this process are the live ones.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import Collection
from pathlib import Path
from typing import IO

from sqlalchemy import bindparam, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows: fall back to in-process liveness
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

HOLDER_LOCKS = 0x68697063  # "hipc": the first key of every holder's advisory lock
_IN_PROCESS: set[int] = set()  # holders started in this process
_LIVE_HOLDERS = text(
    "SELECT objid::bigint FROM pg_locks WHERE locktype = 'advisory' AND granted "
    "AND objsubid = 2 AND classid::bigint = :ns AND objid::bigint IN :ids "
    "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
).bindparams(bindparam("ids", expanding=True))


def new_holder_id() -> int:
    """A random positive 31-bit id (the second key of a PostgreSQL advisory lock)."""
    return secrets.randbelow(2**31 - 2) + 1


def sqlite_file(engine: AsyncEngine) -> Path | None:
    """The database file of a file-backed SQLite engine that can be flocked, else None."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or fcntl is None:
        return None
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _lock_folder(engine: AsyncEngine) -> Path | None:
    database = sqlite_file(engine)
    return None if database is None else Path(f"{database}.holders")


def _lock_file(folder: Path, holder: int) -> IO[str]:
    folder.mkdir(parents=True, exist_ok=True)
    handle = (folder / f"{holder}.lock").open("a")
    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return handle


def _unlock_file(handle: IO[str]) -> None:
    with contextlib.suppress(OSError):
        Path(handle.name).unlink()
    handle.close()  # closing drops the flock


class SqlHolders:
    """Implements `bot.ports.Holders` on the app's database engine."""

    def __init__(self, engine: AsyncEngine, holder: int | None = None) -> None:
        self._engine = engine
        self.holder = holder if holder is not None else new_holder_id()
        self._postgres = engine.dialect.name == "postgresql"
        self._folder = _lock_folder(engine)
        self._connection: AsyncConnection | None = None
        self._file: IO[str] | None = None
        self._started = False
        # A new leader wakes all its jobs at once and each calls start(): without this, each
        # would ask for the same advisory lock on a connection of its own, and all but the
        # first would wait forever for the one the first keeps (the stalled dispatcher).
        self._starting = asyncio.Lock()

    async def start(self) -> None:
        """Take this process's liveness lock (once; calls meanwhile wait for it, later ones
        do nothing)."""
        async with self._starting:
            if not self._started:
                await self._take_lock()

    async def _take_lock(self) -> None:
        if self._postgres:
            connection = await self._engine.connect()
            await connection.execute(
                text("SELECT pg_advisory_lock(:ns, :id)"), {"ns": HOLDER_LOCKS, "id": self.holder}
            )
            await connection.commit()  # the session lock stays; no transaction stays open
            self._connection = connection
        elif self._folder is not None:
            self._file = _lock_file(self._folder, self.holder)
        _IN_PROCESS.add(self.holder)
        self._started = True
        log.info("dispatcher holder id %s", self.holder)

    async def alive(self, holders: Collection[int]) -> set[int]:
        """The given holders whose process is still running."""
        others = {holder for holder in holders if holder != self.holder}
        found = {self.holder} & set(holders) if self._started else set()
        if not others:
            return found
        if self._postgres:
            async with self._engine.connect() as connection:
                rows = await connection.execute(
                    _LIVE_HOLDERS, {"ns": HOLDER_LOCKS, "ids": sorted(others)}
                )
                return found | {int(row[0]) for row in rows}
        if self._folder is not None:
            return found | {holder for holder in others if self._file_locked(holder)}
        return found | (others & _IN_PROCESS)

    def _file_locked(self, holder: int) -> bool:
        """True while another process (or holder) keeps the holder's lock file locked."""
        assert self._folder is not None
        path = self._folder / f"{holder}.lock"
        try:
            handle = path.open("a")
        except OSError:
            return False
        with handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            with contextlib.suppress(OSError):
                path.unlink()  # the holder is gone: tidy its file while we hold the lock
            return False

    async def close(self) -> None:
        """Drop the liveness lock: from now on other processes may take over our claims."""
        _IN_PROCESS.discard(self.holder)
        self._started = False
        if self._connection is not None:
            connection, self._connection = self._connection, None
            try:
                await connection.execute(
                    text("SELECT pg_advisory_unlock(:ns, :id)"),
                    {"ns": HOLDER_LOCKS, "id": self.holder},
                )
                await connection.commit()
            except Exception:  # a broken connection: closing it ends the session and its lock
                await connection.invalidate()
            await connection.close()
        if self._file is not None:
            handle, self._file = self._file, None
            _unlock_file(handle)
