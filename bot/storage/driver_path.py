"""A hot path that runs prebuilt statements straight on the SQLite driver connection.

Through SQLAlchemy's async layer one statement costs several hops to aiosqlite's thread plus
the greenlet and result machinery; on the driver it is one hop. The SQL and the value
conversions come from SQLAlchemy itself (the statement compiled once for the dialect, the
column types' bind and result processors), so what is stored and read back is identical to
the ordinary path, and the statements run on the session's own connection, in its transaction.
PostgreSQL keeps the ordinary path.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy.dialects import sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.expression import Executable
from sqlalchemy.types import TypeEngine

_DIALECT = sqlite.dialect()
Processor = Callable[[Any], Any] | None
_KEY = "hipcoach.sqlite_driver"


def _bind_processor(type_: TypeEngine[Any]) -> Processor:
    return type_.dialect_impl(_DIALECT).bind_processor(_DIALECT)


class SqliteStatement:
    """One statement compiled for SQLite, with its parameters' converters in SQL order."""

    def __init__(self, statement: Executable, columns: Sequence[Any] = ()) -> None:
        compiled = statement.compile(dialect=_DIALECT)  # type: ignore[attr-defined]
        self.sql: str = compiled.string
        assert compiled.positiontup is not None
        self._params = [
            (name, _bind_processor(compiled.binds[name].type)) for name in compiled.positiontup
        ]
        self._results = [
            column.type.dialect_impl(_DIALECT).result_processor(_DIALECT, None)
            for column in columns
        ]

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


async def sqlite_driver(session: AsyncSession) -> Any | None:
    """The session's aiosqlite connection (its transaction begun), or None off SQLite.

    Remembered for the session's current transaction, which keeps one connection until it ends.
    """
    bind = session.bind
    if bind is None or bind.dialect.name != "sqlite":
        return None
    transaction = session.sync_session.get_transaction()
    known = session.info.get(_KEY)
    if transaction is not None and transaction.is_active and known and known[0] is transaction:
        return known[1]
    connection = await session.connection()
    driver = (await connection.get_raw_connection()).driver_connection
    session.info[_KEY] = (session.sync_session.get_transaction(), driver)
    return driver


async def run(driver: Any, statement: SqliteStatement, values: Mapping[str, Any]) -> list[Any]:
    """Execute on the driver in one hop and return the converted rows (none for writes)."""
    rows = await driver.execute_fetchall(statement.sql, statement.args(values))
    return [statement.row(row) for row in rows]
