"""Generic export / merge / delete over every table keyed to athletes, on both backends."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import (
    Column,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    insert,
    select,
)
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.accounts.storage.athlete_data import SqlAthleteDataRepository, athlete_columns, unique_sets
from bot.athletes.rules import Account
from bot.clock import ManualClock
from bot.storage import create_engine_for, make_uow_factory
from bot.storage.schema import full_metadata
from tests.accounts.support import Filler, orphans, rows_about, text_cells


@pytest.fixture
async def engine(migrated_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on the migrated test database."""
    made = create_engine_for(migrated_url)
    try:
        yield made
    finally:
        await made.dispose()


async def _athlete(engine: AsyncEngine, clock: ManualClock, platform: str, external: str) -> int:
    async with make_uow_factory(engine, clock)() as uow:
        athlete = await uow.athletes.add()
        await uow.accounts.add(Account(platform, external, athlete.id, f"name-{external}"))
        await uow.commit()
    return athlete.id


async def _filled(engine: AsyncEngine, clock: ManualClock, filler: Filler, external: str) -> int:
    athlete_id = await _athlete(engine, clock, "discord", external)
    async with engine.begin() as connection:
        await filler.fill(connection, athlete_id)
    return athlete_id


def _conflict_free_tables() -> list[str]:
    """Tables where no unique key includes the athlete column: every row must survive."""
    names = []
    for table in full_metadata().sorted_tables:
        columns = {column.name for column in athlete_columns(table)}
        if table.name == "athletes" or not columns:
            continue
        if not any(columns & {c.name for c in unique} for unique in unique_sets(table)):
            names.append(table.name)
    return names


async def test_forget_leaves_no_row_about_the_athlete_in_any_table(
    engine: AsyncEngine, clock: ManualClock
) -> None:
    filler = Filler()
    gone = await _filled(engine, clock, filler, "leaver-7001")
    stays = await _filled(engine, clock, filler, "stayer-7002")
    async with engine.connect() as connection:
        before = await rows_about(connection, gone)
    keyed = [name for name in before if not name.startswith("athletes.")]
    assert keyed and all(before[name] >= 1 for name in keyed), before

    async with make_uow_factory(engine, clock)() as uow:
        assert await uow.athlete_data.delete(gone)
        await uow.commit()

    async with engine.connect() as connection:
        after = await rows_about(connection, gone)
        assert after == dict.fromkeys(after, 0)  # every table, every athlete column
        assert set(after) >= {f"{t}" for t in keyed}
        assert await orphans(connection) == dict.fromkeys(await orphans(connection), 0)
        assert not any("leaver-7001" in cell for cell in await text_cells(connection))
        others = await rows_about(connection, stays)
    assert all(others[name] >= 1 for name in keyed)  # the other athlete is untouched


async def test_merge_moves_history_and_keeps_the_older_rows_on_conflict(
    engine: AsyncEngine, clock: ManualClock
) -> None:
    filler = Filler()
    older = await _filled(engine, clock, filler, "old-1")
    younger = await _filled(engine, clock, filler, "young-2")
    metadata = full_metadata()
    async with engine.connect() as connection:
        old_before = await rows_about(connection, older)
        young_before = await rows_about(connection, younger)
        old_rows = {
            table.name: (
                await connection.execute(
                    select(table).where(*(c == older for c in athlete_columns(table)))
                )
            ).all()
            for table in metadata.sorted_tables
            if athlete_columns(table)
        }

    async with make_uow_factory(engine, clock)() as uow:
        await uow.athlete_data.merge(older, younger)
        await uow.commit()

    async with engine.connect() as connection:
        old_after = await rows_about(connection, older)
        young_after = await rows_about(connection, younger)
        assert young_after == dict.fromkeys(young_after, 0)
        for table in metadata.sorted_tables:
            if not athlete_columns(table):
                continue
            current = set(
                (
                    await connection.execute(
                        select(table).where(*(c == older for c in athlete_columns(table)))
                    )
                ).all()
            )
            assert set(old_rows[table.name]) <= current, table.name  # the older side wins
        assert await orphans(connection) == dict.fromkeys(await orphans(connection), 0)
    for name in _conflict_free_tables():
        for column in athlete_columns(metadata.tables[name]):
            key = f"{name}.{column.name}"
            assert old_after[key] == old_before[key] + young_before[key], key
    # The younger account now belongs to the older athlete.
    assert old_after["platform_accounts.athlete_id"] == 2


def _synthetic() -> MetaData:
    """A small schema with the shapes later features may add: children and named parents."""
    metadata = MetaData()
    Table("athletes", metadata, Column("id", Integer, primary_key=True))
    Table("clubs", metadata, Column("id", Integer, primary_key=True), Column("name", String(20)))
    Table(
        "plans",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("athlete_id", ForeignKey("athletes.id", ondelete="CASCADE"), unique=True),
        Column("note", String(20)),
    )
    Table(
        "answers",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("plan_id", ForeignKey("plans.id", ondelete="CASCADE")),
        Column("day", Integer),
        Column("secret", String(20), info={"export": False}),
        UniqueConstraint("plan_id", "day"),
    )
    Table(
        "memberships",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("club_id", ForeignKey("clubs.id", ondelete="CASCADE")),
        Column("athlete_id", ForeignKey("athletes.id", ondelete="CASCADE")),
        Column("invited_by", ForeignKey("athletes.id", ondelete="SET NULL"), nullable=True),
        UniqueConstraint("club_id", "athlete_id"),
    )
    return metadata


@pytest.fixture
async def synthetic(database_url: str) -> AsyncIterator[tuple[AsyncEngine, MetaData]]:
    """An empty database with the synthetic schema and two athletes (1 older, 2 younger)."""
    made = create_engine_for(database_url)
    metadata = _synthetic()
    tables = metadata.tables
    try:
        async with made.begin() as connection:
            await connection.run_sync(metadata.create_all)
            await connection.execute(insert(tables["athletes"]), [{"id": 1}, {"id": 2}, {"id": 3}])
            await connection.execute(insert(tables["clubs"]), [{"id": 1, "name": "Hip club"}])
            await connection.execute(
                insert(tables["plans"]),
                [
                    {"id": 1, "athlete_id": 1, "note": "old"},
                    {"id": 2, "athlete_id": 2, "note": "new"},
                ],
            )
            await connection.execute(
                insert(tables["answers"]),
                [
                    {"id": 1, "plan_id": 1, "day": 1, "secret": "s"},
                    {"id": 2, "plan_id": 2, "day": 1, "secret": "s"},  # clashes with id 1
                    {"id": 3, "plan_id": 2, "day": 2, "secret": "s"},  # history: must survive
                ],
            )
            await connection.execute(
                insert(tables["memberships"]),
                [
                    {"id": 1, "club_id": 1, "athlete_id": 2, "invited_by": 3},
                    {"id": 2, "club_id": 1, "athlete_id": 3, "invited_by": 2},
                ],
            )
        yield made, metadata
    finally:
        await made.dispose()


async def test_merge_hands_children_of_a_losing_row_to_the_winner(
    synthetic: tuple[AsyncEngine, MetaData],
) -> None:
    engine, metadata = synthetic
    async with AsyncSession(engine) as session:
        await SqlAthleteDataRepository(session, metadata).merge(1, 2)
        await session.commit()
    async with engine.connect() as connection:
        plans = (await connection.execute(select(metadata.tables["plans"]))).all()
        answers = (await connection.execute(select(metadata.tables["answers"]))).all()
        members = (await connection.execute(select(metadata.tables["memberships"]))).all()
    assert plans == [(1, 1, "old")]  # the older athlete's plan won
    assert sorted(answers) == [(1, 1, 1, "s"), (3, 1, 2, "s")]  # day 2 kept, under plan 1
    assert sorted(members) == [(1, 1, 1, 3), (2, 1, 3, 1)]  # moved, and "invited by" follows


async def test_export_has_own_rows_children_and_names_but_no_other_people(
    synthetic: tuple[AsyncEngine, MetaData],
) -> None:
    engine, metadata = synthetic
    async with AsyncSession(engine) as session:
        data = await SqlAthleteDataRepository(session, metadata).export(2)
    tables = data["tables"]
    assert data["athlete"] == {"id": 2}
    assert tables["plans"] == [{"id": 2, "athlete_id": 2, "note": "new"}]
    assert tables["answers"] == [
        {"id": 2, "plan_id": 2, "day": 1},
        {"id": 3, "plan_id": 2, "day": 2},
    ]
    # Own membership with the club's name; the inviter (another athlete) is left out. The
    # other member's row shows only that athlete 2 invited them, without their id.
    assert tables["memberships"] == [
        {"id": 1, "club_id": 1, "club_name": "Hip club", "athlete_id": 2},
        {"id": 2, "club_id": 1, "club_name": "Hip club", "invited_by": 2},
    ]
