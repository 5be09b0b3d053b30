"""Processes of a fleet starting together: each records the Discord command set it synced."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from bot.clock import ManualClock
from bot.ports import UnitOfWorkFactory
from bot.storage import create_engine_for, make_uow_factory
from handlers.discord.sync import HASH_KEY

WAITING_FOR_A_LOCK = text(
    "SELECT count(*) FROM pg_stat_activity"
    " WHERE wait_event_type = 'Lock' AND datname = current_database()"
)


async def _record(uow: UnitOfWorkFactory, digest: str) -> None:
    async with uow() as work:
        await work.state.put(HASH_KEY, digest)
        await work.commit()


async def _until_a_write_waits(url: str) -> None:
    engine = create_engine_for(url)
    try:
        async with engine.connect() as watcher:
            for _ in range(1000):
                if await watcher.scalar(WAITING_FOR_A_LOCK):
                    return
                # pg_stat_activity keeps one snapshot per transaction: a new one each look.
                await watcher.rollback()
                await asyncio.sleep(0.01)
        raise AssertionError("the second write never waited for the first")
    finally:
        await engine.dispose()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_two_processes_recording_the_first_command_hash_at_once_both_start(
    migrated_url: str, clock: ManualClock
) -> None:
    # Both find no hash, both sync, both write it: the second used to insert the same key
    # and fail with a unique violation, and its process exited while starting.
    engines = [create_engine_for(migrated_url) for _ in range(2)]
    first, second = (make_uow_factory(engine, clock) for engine in engines)
    try:
        async with first() as work:
            await work.state.put(HASH_KEY, "first")  # written, not committed yet
            late = asyncio.create_task(_record(second, "second"))
            await _until_a_write_waits(migrated_url)  # the second's write waits for this one
            await work.commit()
        async with asyncio.timeout(10):
            await late  # no IntegrityError
        async with first() as work:
            assert await work.state.get(HASH_KEY) == "second"
    finally:
        for engine in engines:
            await engine.dispose()
