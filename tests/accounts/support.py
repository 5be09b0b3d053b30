"""Test helpers: talk to the router, fill every table generically, inspect every table."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    func,
    insert,
    select,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.accounts.storage.athlete_data import athlete_columns
from bot.storage.schema import full_metadata
from bot.types import ChatRef, Incoming, Platform, Reply, UserRef

if TYPE_CHECKING:
    from bot.bootstrap import App

MOMENT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def user(platform: Platform, external_id: str, name: str = "") -> UserRef:
    """A platform account."""
    return UserRef(platform, external_id, name or f"{platform.value}-{external_id}")


def dm(who: UserRef) -> ChatRef:
    """The private chat with that account."""
    return ChatRef(who.platform, who.external_id, "private")


async def say(app: App, who: UserRef, text: str, chat: ChatRef | None = None) -> list[Reply]:
    """Send one text message through the router."""
    return await app.router.handle(Incoming(who, chat or dm(who), text=text))


async def press(app: App, who: UserRef, action: str, chat: ChatRef | None = None) -> list[Reply]:
    """Press one button through the router."""
    return await app.router.handle(Incoming(who, chat or dm(who), action=action))


def text_of(replies: Iterable[Reply]) -> str:
    """All reply texts joined, for assertions."""
    return "\n".join(reply.text for reply in replies)


class Filler:
    """Inserts one plausible row per table for an athlete, whatever tables exist.

    Values come from column types; foreign keys point at the athlete or at a row the
    filler made for the parent table. Strings and numbers are unique per call, so two
    athletes never collide by accident, except on date/time columns, which repeat on
    purpose so that unique keys like (athlete, moment) produce merge conflicts.
    """

    def __init__(self, metadata: MetaData | None = None) -> None:
        self.metadata = metadata or full_metadata()
        self._counter = itertools.count(1)
        self._shared: dict[str, dict[str, Any]] = {}

    async def fill(self, connection: AsyncConnection, athlete_id: int) -> dict[str, int]:
        """One row in every table keyed to the athlete (and parents they need)."""
        made: dict[str, int] = {}
        for table in self.metadata.sorted_tables:
            if table.name == "athletes" or not athlete_columns(table):
                continue
            existing = await connection.scalar(
                select(func.count())
                .select_from(table)
                .where(*(column == athlete_id for column in athlete_columns(table)))
            )
            if existing:
                continue  # e.g. the account row `identify` made, or a one-per-athlete row
            await self._insert(connection, table, athlete_id)
            made[table.name] = 1
        return made

    async def _insert(
        self, connection: AsyncConnection, table: Table, athlete_id: int
    ) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for column in table.columns:
            if column.primary_key and isinstance(column.type, Integer) and not column.foreign_keys:
                continue  # autoincrement id
            targets = [fk.column for fk in column.foreign_keys]
            if targets and targets[0].table.name == "athletes":
                values[column.name] = athlete_id
            elif targets:
                parent = await self._parent(connection, targets[0].table, athlete_id)
                values[column.name] = parent[targets[0].name]
            else:
                values[column.name] = self._value(column)
        result = await connection.execute(insert(table).values(values).returning(*table.c))
        return dict(result.mappings().one())

    async def _parent(
        self, connection: AsyncConnection, table: Table, athlete_id: int
    ) -> dict[str, Any]:
        if athlete_columns(table):  # a parent keyed to the athlete: their own row
            row = (
                (
                    await connection.execute(
                        select(table).where(*(c == athlete_id for c in athlete_columns(table)))
                    )
                )
                .mappings()
                .first()
            )
            return dict(row) if row else await self._insert(connection, table, athlete_id)
        if table.name not in self._shared:
            self._shared[table.name] = await self._insert(connection, table, athlete_id)
        return self._shared[table.name]

    def _value(self, column: Any) -> Any:
        kind = column.type
        number = next(self._counter)
        if isinstance(kind, Boolean):
            return False
        if isinstance(kind, DateTime):
            return MOMENT
        if isinstance(kind, Date):
            return date(2026, 3, 2)
        if isinstance(kind, Integer):
            return number % 30000
        if isinstance(kind, Float | Numeric):
            return float(number)
        if isinstance(kind, String | Text):
            length = getattr(kind, "length", None) or 40
            return f"v{number}"[:length]
        raise AssertionError(f"the test filler can't make a value for {column}")


async def rows_about(connection: AsyncConnection, athlete_id: int) -> dict[str, int]:
    """How many rows of each table hold this athlete id in an athlete column."""
    counts: dict[str, int] = {}
    for table in full_metadata().sorted_tables:
        columns = athlete_columns(table)
        if table.name == "athletes":
            columns = [table.c.id]
        for column in columns:
            found = await connection.scalar(
                select(func.count()).select_from(table).where(column == athlete_id)
            )
            counts[f"{table.name}.{column.name}"] = int(found or 0)
    return counts


async def orphans(connection: AsyncConnection) -> dict[str, int]:
    """Rows whose foreign key points at a row that no longer exists, per table.fk."""
    found: dict[str, int] = {}
    for table in full_metadata().sorted_tables:
        for fk in table.foreign_key_constraints:
            parent = fk.referred_table
            pairs = [(element.parent, element.column) for element in fk.elements]
            missing = (
                select(func.count())
                .select_from(table)
                .where(
                    *(own.is_not(None) for own, _ in pairs),
                    ~select(parent).where(*(target == own for own, target in pairs)).exists(),
                )
            )
            found[f"{table.name}.{','.join(fk.column_keys)}"] = int(
                await connection.scalar(missing) or 0
            )
    return found


async def text_cells(connection: AsyncConnection) -> list[str]:
    """Every string value stored anywhere (to look for a forgotten user's identifiers)."""
    cells: list[str] = []
    for table in full_metadata().sorted_tables:
        strings = [c for c in table.columns if isinstance(c.type, String | Text)]
        if strings:
            for row in await connection.execute(select(*strings)):
                cells.extend(value for value in row if isinstance(value, str))
    return cells


async def snapshot(connection: AsyncConnection, skip_audit: bool = True) -> dict[str, list[Any]]:
    """Every row of every table, sorted, to prove a refusal changed nothing."""
    state: dict[str, list[Any]] = {}
    for table in full_metadata().sorted_tables:
        if skip_audit and table.info.get("refusal_audit"):
            continue
        rows = (await connection.execute(select(table))).all()
        state[table.name] = sorted(tuple(map(repr, row)) for row in rows)
    return state
