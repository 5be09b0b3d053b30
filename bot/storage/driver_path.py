"""A hot path that runs prebuilt statements straight on the session's driver connection.

Through SQLAlchemy's async layer one statement costs a greenlet hop, an execution context and
result machinery (several thread hops on aiosqlite); on the driver it is one await. The SQL and
the value conversions still come from SQLAlchemy (each statement compiled once per dialect,
the column types' bind and result processors), so what is stored and read back is identical
to the ordinary path. The statements run on the session's own connection: inside its
transaction once one is open on the driver, which the unit of work commits or rolls back like
any other; before that, on PostgreSQL, each statement commits by itself (SQLAlchemy's asyncpg
adapter sends BEGIN only before its own first statement), and on SQLite the driver begins a
transaction by itself before the first write.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy.dialects.postgresql import asyncpg
from sqlalchemy.dialects.sqlite import aiosqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql.expression import Executable
from sqlalchemy.types import TypeEngine

Processor = Callable[[Any], Any] | None


@cache
def _dialect(name: str) -> Dialect:
    """The dialect statements are compiled for (built on first use, not at import)."""
    if name == "postgresql":
        return asyncpg.dialect()  # type: ignore[no-untyped-call]
    return aiosqlite.dialect()


_KEY = "hipcoach.driver"


def _bind_processor(type_: TypeEngine[Any], dialect: Dialect) -> Processor:
    item_type = getattr(type_, "item_type", None)
    if item_type is not None and _bind_processor(item_type, dialect) is None:
        return None  # the driver takes a list of plain values as an array as it is
    return type_.dialect_impl(dialect).bind_processor(dialect)


class DriverStatement:
    """One statement compiled for one dialect, with its parameters' converters in SQL order."""

    def __init__(self, statement: Executable, dialect: str, columns: Sequence[Any] = ()) -> None:
        target = _dialect(dialect)
        compiled = statement.compile(dialect=target)  # type: ignore[attr-defined]
        self.dialect = dialect
        self.sql: str = compiled.string
        assert compiled.positiontup is not None
        self._params = [
            (name, _bind_processor(compiled.binds[name].type, target))
            for name in compiled.positiontup
        ]
        self._results = [
            column.type.dialect_impl(target).result_processor(target, None) for column in columns
        ]
        self.has_columns = bool(columns)

    def args(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        """The positional driver arguments for named values."""
        return tuple(
            values[name] if convert is None else convert(values[name])
            for name, convert in self._params
        )

    def row(self, raw: Sequence[Any]) -> tuple[Any, ...]:
        """A driver row converted like SQLAlchemy converts it (dates, datetimes, booleans)."""
        return tuple(
            value if convert is None or value is None else convert(value)
            for value, convert in zip(raw, self._results, strict=True)
        )


class Driver:
    """The session's driver connection (inside its transaction once one is open)."""

    def __init__(self, connection: AsyncConnection, driver_connection: Any) -> None:
        self.dialect = connection.dialect.name
        self._owner = connection
        self._connection = driver_connection

    async def run(self, statement: DriverStatement, values: Mapping[str, Any]) -> list[Any]:
        """Execute in one await; return the converted rows of a statement built with columns."""
        assert statement.dialect == self.dialect, "statement built for another database"
        args = statement.args(values)
        try:
            if self.dialect == "postgresql":
                rows = await self._connection.fetch(statement.sql, *args)
            else:
                rows = await self._connection.execute_fetchall(statement.sql, args)
        except Exception:
            await self.retire_if_lost()
            raise
        return [statement.row(row) for row in rows] if statement.has_columns else []

    async def run_batch(
        self, steps: Sequence[tuple[DriverStatement, Mapping[str, Any]]]
    ) -> list[list[Any]]:
        """SQLite: several statements in order, in one trip to aiosqlite's thread; their rows.

        aiosqlite runs every call in its own thread, and the trip there and back costs more
        than a small statement. Its public calls take one statement each, so this hands the
        thread a function through aiosqlite's private `_execute` and `_conn` (pyproject pins
        aiosqlite's minor version; every SQLite log in the tests goes through here).
        """
        assert self.dialect == "sqlite", "PostgreSQL statements go one by one"
        calls = [(statement, statement.args(values)) for statement, values in steps]
        aiosqlite = self._connection

        def run_in_thread() -> list[list[Any]]:
            return [aiosqlite._conn.execute(s.sql, args).fetchall() for s, args in calls]

        raw = await aiosqlite._execute(run_in_thread)
        return [
            [statement.row(row) for row in rows] if statement.has_columns else []
            for (statement, _), rows in zip(calls, raw, strict=True)
        ]

    async def retire_if_lost(self) -> None:
        """After an error: take a connection the server dropped out of the pool.

        Errors on the driver bypass SQLAlchemy, which would otherwise notice a lost connection.
        """
        if self.dialect == "postgresql" and self._connection.is_closed():
            await self._owner.invalidate()


# Deadlock, serialization failure: PostgreSQL cancelled the statement to settle a conflict
# with another writer, and running it again can succeed.
_CONFLICT_STATES = frozenset({"40P01", "40001"})


def lost_a_conflict(error: BaseException) -> bool:
    """True when the database cancelled the statement only to let a concurrent writer on."""
    return getattr(error, "sqlstate", None) in _CONFLICT_STATES


async def driver(session: AsyncSession) -> Driver:
    """The session's driver connection, remembered for the session's current transaction
    (which keeps one connection until it ends)."""
    transaction = session.sync_session.get_transaction()
    known = session.info.get(_KEY)
    if transaction is not None and transaction.is_active and known and known[0] is transaction:
        return known[1]  # type: ignore[no-any-return]
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    found = Driver(connection, raw.driver_connection)
    session.info[_KEY] = (session.sync_session.get_transaction(), found)
    return found
