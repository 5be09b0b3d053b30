"""Everything keyed to an athlete, found by walking the schema: export, merge and delete.

These helpers read `full_metadata()` instead of naming tables, so a feature that adds a
table with a `ForeignKey("athletes.id", ondelete="CASCADE")` column is covered by
`mydata`, `forget` and `link` without touching this module.

- export: rows with an athlete column equal to the athlete, plus rows of tables without
  an athlete column that hang off those rows (e.g. answers under a schedule), one level
  at a time. Columns pointing at other athletes are left out; a column pointing at a
  named row (a challenge, a group) also gets that row's name or title. Columns marked
  `info={"export": False}` are never exported.
- merge: see bot/accounts/rules.py for the rule (older athlete wins unique conflicts,
  everything else is moved). Partial unique indexes are treated as full ones.
- delete: one DELETE of the athlete row; ON DELETE CASCADE removes the rest.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import (
    Column,
    ForeignKeyConstraint,
    MetaData,
    Select,
    Table,
    UniqueConstraint,
    and_,
    delete,
    exists,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from bot.storage.schema import full_metadata
from bot.storage.times import aware

ATHLETES = "athletes"
LABEL_COLUMNS = ("name", "title")
MAX_DEPTH = 6  # tables hanging off tables; guards against a cycle in the schema


def references_to(metadata: MetaData, parent: Table) -> list[tuple[Table, ForeignKeyConstraint]]:
    """Every (table, foreign key) in the schema that points at `parent`, parents first."""
    return [
        (child, fk)
        for child in metadata.sorted_tables
        for fk in sorted(child.foreign_key_constraints, key=lambda fk: list(fk.column_keys))
        if fk.referred_table is parent
    ]


def athlete_columns(table: Table) -> list[Column[Any]]:
    """The columns of `table` that hold an athlete id."""
    return [
        column
        for column in table.columns
        if any(fk.column.table.name == ATHLETES for fk in column.foreign_keys)
    ]


def unique_sets(table: Table) -> list[list[Column[Any]]]:
    """Column sets that may hold each combination only once (primary key, unique, index)."""
    sets: list[list[Column[Any]]] = []
    if table.primary_key.columns:
        sets.append(list(table.primary_key.columns))
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint) and constraint.columns:
            sets.append(list(constraint.columns))
    for index in table.indexes:
        if index.unique and all(isinstance(part, Column) for part in index.expressions):
            sets.append(list(index.columns))
    return sets


def json_value(value: object) -> object:
    """A database value as something json.dumps accepts; times are UTC ISO strings."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime):
        return aware(value).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return str(value)


class SqlAthleteDataRepository:
    """Generic export / merge / delete of one athlete's rows in every table."""

    def __init__(self, session: AsyncSession, metadata: MetaData | None = None) -> None:
        self._session = session
        self._metadata = metadata or full_metadata()

    @property
    def _athletes(self) -> Table:
        return self._metadata.tables[ATHLETES]

    async def delete(self, athlete_id: int) -> bool:
        """Delete the athlete; every row keyed to them goes with it (ON DELETE CASCADE)."""
        athletes = self._athletes
        result = await self._session.execute(delete(athletes).where(athletes.c.id == athlete_id))
        return cast(CursorResult[Any], result).rowcount > 0

    async def merge(self, keep_id: int, drop_id: int) -> int:
        """Move every row of `drop_id` to `keep_id`, delete `drop_id`; returns rows moved."""
        moved = await self._repoint(self._athletes, {"id": drop_id}, {"id": keep_id}, 0)
        await self.delete(drop_id)
        return moved

    async def _repoint(
        self, parent: Table, old: Mapping[str, Any], new: Mapping[str, Any], depth: int
    ) -> int:
        moved = 0
        for child, fk in references_to(self._metadata, parent):
            pairs = [(element.parent, element.column) for element in fk.elements]
            match_old = and_(*(column == old[target.name] for column, target in pairs))
            values = {column.name: new[target.name] for column, target in pairs}
            for unique in unique_sets(child):
                if values.keys() & {column.name for column in unique}:
                    for row in await self._conflicts(child, unique, match_old, values):
                        moved += await self._drop_conflict(child, unique, row, values, depth)
            result = await self._session.execute(update(child).where(match_old).values(values))
            moved += cast(CursorResult[Any], result).rowcount
        return moved

    async def _conflicts(
        self,
        table: Table,
        unique: list[Column[Any]],
        match_old: ColumnElement[bool],
        values: Mapping[str, Any],
    ) -> list[Mapping[str, Any]]:
        """Rows that would collide on `unique` with a row already pointing at the new key."""
        kept = table.alias("kept")
        same = [kept.c[column.name] == values.get(column.name, column) for column in unique]
        found = await self._session.execute(select(table).where(match_old, exists().where(*same)))
        return [dict(row) for row in found.mappings()]

    async def _drop_conflict(
        self,
        table: Table,
        unique: list[Column[Any]],
        row: Mapping[str, Any],
        values: Mapping[str, Any],
        depth: int,
    ) -> int:
        """The older athlete's row wins: hand the loser's children to it, then delete it."""
        moved = 0
        if depth < MAX_DEPTH and references_to(self._metadata, table):
            same = [column == values.get(column.name, row[column.name]) for column in unique]
            winner = (await self._session.execute(select(table).where(*same))).mappings().first()
            if winner is not None:
                moved += await self._repoint(table, row, dict(winner), depth + 1)
        key = list(table.primary_key.columns) or list(table.columns)
        await self._session.execute(
            delete(table).where(*(column == row[column.name] for column in key))
        )
        return moved

    async def export(self, athlete_id: int) -> dict[str, Any]:
        """Every row about the athlete, by table, JSON-safe; nothing about other people."""
        athletes = self._athletes
        athlete = (
            (await self._session.execute(select(athletes).where(athletes.c.id == athlete_id)))
            .mappings()
            .first()
        )
        tables: dict[str, list[dict[str, object]]] = {}
        if athlete is None:
            return {"athlete": None, "tables": tables}
        owned: dict[str, Select[Any]] = {}
        for table in self._metadata.sorted_tables:
            columns = athlete_columns(table)
            if table is not athletes and columns:
                owned[table.name] = select(table).where(
                    or_(*(column == athlete_id for column in columns))
                )
        await self._collect(owned, tables, athlete_id, 0, {})
        return {"athlete": self._row_json(athletes, dict(athlete), athlete_id), "tables": tables}

    async def _collect(
        self,
        selections: dict[str, Select[Any]],
        tables: dict[str, list[dict[str, object]]],
        athlete_id: int,
        depth: int,
        labels: dict[tuple[str, tuple[Any, ...]], object],
    ) -> None:
        """Export the selected rows, then the rows of tables that hang off them."""
        below: dict[str, Select[Any]] = {}
        for name, selection in selections.items():
            table = self._metadata.tables[name]
            ordered = selection.order_by(*table.primary_key.columns)
            rows = (await self._session.execute(ordered)).mappings().all()
            tables[name] = [await self._with_labels(table, row, athlete_id, labels) for row in rows]
            for child, fk in references_to(self._metadata, table):
                if child.name in tables or child.name in selections or athlete_columns(child):
                    continue  # rows with an athlete column are the owner's only through it
                keys = [element.column.name for element in fk.elements]
                parents = selection.with_only_columns(*(table.c[key] for key in keys))
                own = tuple_(*fk.columns) if len(keys) > 1 else next(iter(fk.columns))
                condition = own.in_(parents)
                if child.name in below:
                    below[child.name] = below[child.name].where(condition)
                else:
                    below[child.name] = select(child).where(condition)
        if below and depth < MAX_DEPTH:
            await self._collect(below, tables, athlete_id, depth + 1, labels)

    async def _with_labels(
        self,
        table: Table,
        row: Mapping[str, Any],
        athlete_id: int,
        labels: dict[tuple[str, tuple[Any, ...]], object],
    ) -> dict[str, object]:
        """The row as JSON plus the name of each named row it points at (e.g. a challenge)."""
        data = self._row_json(table, row, athlete_id)
        for fk in table.foreign_key_constraints:
            parent = fk.referred_table
            label = next((parent.c[name] for name in LABEL_COLUMNS if name in parent.c), None)
            if parent.name == ATHLETES or label is None:
                continue
            pairs = [(element.parent.name, element.column) for element in fk.elements]
            if any(row[own] is None for own, _ in pairs):
                continue
            cache_key = (parent.name, tuple(row[own] for own, _ in pairs))
            if cache_key not in labels:
                labels[cache_key] = await self._session.scalar(
                    select(label).where(*(target == row[own] for own, target in pairs))
                )
            found = labels[cache_key]
            first = pairs[0][0]
            data[(first.removesuffix("_id") or first) + "_" + label.name] = json_value(found)
        return data

    @staticmethod
    def _row_json(table: Table, row: Mapping[str, Any], athlete_id: int) -> dict[str, object]:
        """JSON values of the exportable columns; other athletes' ids are left out."""
        others = {column.name for column in athlete_columns(table)}
        return {
            column.name: json_value(row[column.name])
            for column in table.columns
            if column.info.get("export", True)
            and not (column.name in others and row[column.name] not in (None, athlete_id))
        }
