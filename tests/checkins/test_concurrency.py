"""Two dispatchers (two engines, like two processes) on PostgreSQL share the due work."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from bot.checkins.dispatch import Dispatcher
from bot.clock import ManualClock
from bot.storage import SqlHolders, create_engine_for, make_uow_factory
from bot.types import Platform
from tests.checkins.support import RecordingSender, seed_due


@pytest.mark.parametrize("database_url", ["postgresql", "sqlite"], indirect=True)
async def test_two_dispatchers_hand_over_each_checkin_exactly_once(migrated_url: str) -> None:
    # The issue asks for 10,000 on PostgreSQL; SQLite runs one process, a smaller check will do.
    count = 10_000 if migrated_url.startswith("postgresql") else 2_000
    due = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)
    await seed_due(migrated_url, count, due)
    clock = ManualClock(due + timedelta(minutes=1))
    engines = [create_engine_for(migrated_url) for _ in range(2)]
    senders = [RecordingSender(), RecordingSender()]
    holders = [SqlHolders(engine) for engine in engines]
    try:
        workers = [
            Dispatcher(
                make_uow_factory(engine, clock),
                clock,
                {Platform.TELEGRAM: sender},
                None,
                grace=timedelta(hours=3),
                holders=holder,
                batch=250,
            )
            for engine, sender, holder in zip(engines, senders, holders, strict=True)
        ]
        handed = await asyncio.gather(*(worker.tick() for worker in workers))
        again = await asyncio.gather(*(worker.tick() for worker in workers))
    finally:
        for holder in holders:
            await holder.close()
        for engine in engines:
            await engine.dispose()
    received = Counter(user for sender in senders for user, _ in sender.sent)
    assert sum(handed) == count
    assert again == [0, 0]
    assert len(received) == count
    assert set(received.values()) == {1}
    if migrated_url.startswith("postgresql"):
        # SKIP LOCKED lets both work in parallel rather than one waiting for the other.
        assert all(len(sender.sent) > 0 for sender in senders)
