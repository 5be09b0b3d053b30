"""Core statements on a unit of work's connection: its transaction, without the ORM's
statement handling that `AsyncSession.execute` runs first even for a Core statement."""

from __future__ import annotations

from typing import Any

from sqlalchemy import CursorResult, Executable
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

_CONNECTION = "hipcoach.connection"  # session.info key: the transaction's connection


async def execute_core(
    session: AsyncSession, statement: Executable, params: Any = None
) -> CursorResult[Any]:
    """Run a Core statement (tables, no ORM entities) in the session's transaction.

    The session's connection is fetched once per transaction and kept in `session.info`
    (fetched again once a commit closed it); ORM changes still pending are flushed first,
    as the session's own `execute` would. Per statement this saves about a tenth of a small
    statement's CPU (bench/bench_statements.py)."""
    if session.new or session.dirty or session.deleted:
        await session.flush()
    connection: AsyncConnection | None = session.info.get(_CONNECTION)
    if connection is None or connection.closed:
        connection = session.info[_CONNECTION] = await session.connection()
    return await connection.execute(statement, params)
