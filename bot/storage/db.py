"""Engine creation: SQLite gets WAL and foreign keys, PostgreSQL a sized pool."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import PoolResetState

log = logging.getLogger(__name__)


def _ensure_sqlite_folder(url: URL) -> None:
    database = url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers work while the dispatcher writes; foreign keys make deletes cascade.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _rollback_if_open(dbapi_connection: Any, _record: Any, state: PoolResetState) -> None:
    """Pool reset for SQLite: roll back only a transaction the driver still has open."""
    if state.asyncio_safe and dbapi_connection.driver_connection.in_transaction:
        dbapi_connection.rollback()


def create_engine_for(database_url: str) -> AsyncEngine:
    """Build the async engine for a sqlite+aiosqlite or postgresql+asyncpg URL."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        # The pool's own reset would roll back unconditionally, a trip to aiosqlite's thread
        # on every unit of work although the session has almost always ended its transaction.
        engine = create_async_engine(url, pool_reset_on_return=None)
        event.listen(engine.sync_engine, "reset", _rollback_if_open)
        # Create the folder on first connect, not here: building the app must touch no files.
        event.listen(engine.sync_engine, "do_connect", lambda *_: _ensure_sqlite_folder(url))
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    # No pre-ping: on asyncpg it is three round trips (BEGIN, ";", ROLLBACK) before every unit
    # of work. A connection the server dropped fails one message instead, and SQLAlchemy then
    # replaces the whole pool (tests/challenges/test_log_path.py).
    return create_async_engine(url, pool_size=10, max_overflow=10)
