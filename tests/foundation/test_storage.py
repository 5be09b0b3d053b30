"""Storage on SQLite and PostgreSQL: athletes, accounts, profiles, cascades."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.athletes.rules import Account, TrainingProfile
from bot.athletes.service import AthleteService
from bot.clock import ManualClock
from bot.errors import BadInput
from bot.ports import UnitOfWorkFactory
from bot.storage import create_engine_for, make_uow_factory
from bot.types import ChatRef, Platform, UserRef


@pytest.fixture
async def engine(migrated_url: str) -> AsyncIterator[AsyncEngine]:
    created = create_engine_for(migrated_url)
    yield created
    await created.dispose()


@pytest.fixture
def uow(engine: AsyncEngine, clock: ManualClock) -> UnitOfWorkFactory:
    return make_uow_factory(engine, clock)


ALICE = UserRef(Platform.TELEGRAM, "1001", "Alice")
ALICE_DM = ChatRef(Platform.TELEGRAM, "1001", "private")


async def test_first_contact_creates_one_athlete_and_remembers_it(uow: UnitOfWorkFactory) -> None:
    service = AthleteService(uow, "UTC")
    first = await service.identify(ALICE, ALICE_DM)
    again = await service.identify(ALICE, ALICE_DM)
    other = await service.identify(UserRef(Platform.DISCORD, "1001", "Bob"))
    assert first == again
    assert other != first
    async with uow() as unit:
        account = await unit.accounts.find("telegram", "1001")
    assert account is not None
    assert account.dm_chat_id == "1001"


async def test_profile_round_trip_and_bad_value_changes_nothing(uow: UnitOfWorkFactory) -> None:
    service = AthleteService(uow, "Europe/Berlin")
    athlete = await service.identify(ALICE, ALICE_DM)
    assert (await service.profile(athlete)).timezone == "Europe/Berlin"
    await service.update_profile(athlete, "goal", "Soften")
    await service.update_profile(athlete, "avoid", "knee, back")
    await service.update_profile(athlete, "timezone", "America/New_York")
    with pytest.raises(BadInput):
        await service.update_profile(athlete, "days", "9")
    with pytest.raises(BadInput):
        await service.update_profile(athlete, "timezone", "Nowhere/Special")
    profile = await service.profile(athlete)
    assert profile == TrainingProfile(
        goal="soften", avoid=frozenset({"knee", "back"}), timezone="America/New_York"
    )
    assert profile.missing() == ["equipment", "level", "days"]


async def test_leaving_a_unit_of_work_without_commit_keeps_nothing(
    uow: UnitOfWorkFactory,
) -> None:
    async with uow() as unit:
        athlete = await unit.athletes.add()
        await unit.accounts.add(Account("discord", "7", athlete.id))
    async with uow() as unit:
        assert await unit.accounts.find("discord", "7") is None
        await unit.accounts.add(Account("discord", "7", (await unit.athletes.add()).id))
        await unit.commit()
    async with uow() as unit:
        assert await unit.accounts.find("discord", "7") is not None


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_connection_never_goes_back_to_the_pool_inside_a_transaction(
    engine: AsyncEngine,
) -> None:
    async with engine.connect() as connection:  # SQLAlchemy itself began nothing here
        driver = (await connection.get_raw_connection()).driver_connection
        await driver.execute("INSERT INTO athletes (created_at, dms_stopped, disclaimer_seen)"
                             " VALUES ('2026-03-02 00:00:00', 0, 0)")  # fmt: skip
        assert driver.in_transaction
    async with engine.begin() as connection:  # the next unit of work commits only its own
        await connection.execute(text("UPDATE athletes SET dms_stopped = 1"))
        await connection.execute(
            text("INSERT INTO athletes (created_at, dms_stopped, disclaimer_seen)"
                 " VALUES ('2026-03-03 00:00:00', 0, 0)")
        )  # fmt: skip
    async with engine.connect() as connection:
        rows = await connection.execute(text("SELECT created_at, dms_stopped FROM athletes"))
        assert [tuple(row) for row in rows] == [("2026-03-03 00:00:00", 0)]


async def test_same_platform_account_cannot_exist_twice(uow: UnitOfWorkFactory) -> None:
    async with uow() as unit:
        athlete = await unit.athletes.add()
        await unit.accounts.add(Account("discord", "42", athlete.id))
        with pytest.raises(IntegrityError):
            await unit.accounts.add(Account("discord", "42", athlete.id))


async def test_deleting_an_athlete_cascades(engine: AsyncEngine, uow: UnitOfWorkFactory) -> None:
    service = AthleteService(uow, "UTC")
    athlete = await service.identify(ALICE, ALICE_DM)
    await service.update_profile(athlete, "goal", "strength")
    async with engine.begin() as connection:
        await connection.execute(text("DELETE FROM athletes WHERE id = :id"), {"id": athlete})
        accounts = await connection.scalar(text("SELECT count(*) FROM platform_accounts"))
        profiles = await connection.scalar(text("SELECT count(*) FROM profiles"))
    assert (accounts, profiles) == (0, 0)


async def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: object) -> None:
    engine = create_engine_for(f"sqlite+aiosqlite:///{tmp_path}/wal.db")
    try:
        async with engine.connect() as connection:
            mode = await connection.scalar(text("PRAGMA journal_mode"))
            keys = await connection.scalar(text("PRAGMA foreign_keys"))
        assert (mode, keys) == ("wal", 1)
    finally:
        await engine.dispose()


async def test_core_statements_run_in_the_unit_of_works_transaction(
    uow: UnitOfWorkFactory, clock: ManualClock
) -> None:
    """`execute_core` (the hot path's statements on the session's connection): ORM rows still
    pending are written first, its writes roll back with the unit of work, and after a commit
    it runs in the next transaction."""
    from sqlalchemy import func, insert, select

    from bot.athletes.storage.models import AthleteRow
    from bot.storage.core import execute_core

    athletes = AthleteRow.__table__
    count = select(func.count()).select_from(athletes)
    async with uow() as unit:
        unit.session.add(AthleteRow(created_at=clock.now()))  # type: ignore[attr-defined]
        assert (await execute_core(unit.session, count)).scalar() == 1  # type: ignore[attr-defined]
        await execute_core(unit.session, insert(athletes).values(created_at=clock.now()))  # type: ignore[attr-defined]
    async with uow() as unit:
        assert (await execute_core(unit.session, count)).scalar() == 0  # type: ignore[attr-defined]
        await execute_core(unit.session, insert(athletes).values(created_at=clock.now()))  # type: ignore[attr-defined]
        await unit.commit()
        assert (await execute_core(unit.session, count)).scalar() == 1  # type: ignore[attr-defined]
