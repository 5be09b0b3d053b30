"""Due -> send latency of a single check-in under the real scheduler (used by bench_checkins).

Each sample is one athlete whose check-in falls due at its own moment, a second or so after
the previous one (with a random fraction, so the samples fall at every phase of a polling
tick). The real ApScheduler and the system clock run the dispatcher, either woken at the next
due moment (now) or polled every POLL_SECONDS (the old schedule, no wake-ups); the Sender
records the wall time of each send request. Both run side by side in one event loop.
"""

from __future__ import annotations

import asyncio
import random
import statistics
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import update

from bot.checkins.dispatch import Dispatcher
from bot.checkins.storage.models import CheckinScheduleRow
from bot.clock import SystemClock
from bot.jobs import PeriodicJob, Wakeups
from bot.scheduler import ApScheduler
from bot.storage import SqlHolders, create_engine_for, make_uow_factory
from bot.types import Platform, Reply

POLL_SECONDS = 20.0  # the dispatcher's old interval
FIRST_DUE = 3.0  # seconds after the start of a run
SPACING = 1.0  # between two samples' due moments


class StampingSender:
    """Accepts at once and notes when each DM was requested."""

    def __init__(self) -> None:
        self.at: dict[str, datetime] = {}

    async def send_dm(self, user_external_id: str, reply: Reply) -> None:
        """Note the moment."""
        self.at[user_external_id] = datetime.now(UTC)

    async def send_channel(self, channel_id: str, reply: Reply) -> None:
        """Not used."""


async def _spread_due(url: str, samples: int, start: datetime) -> dict[str, datetime]:
    """Give athlete i its own due moment; return user id -> due moment."""
    rng = random.Random(samples)
    due = {
        f"u{i}": start + timedelta(seconds=FIRST_DUE + SPACING * (i - 1) + rng.random())
        for i in range(1, samples + 1)
    }
    engine = create_engine_for(url)
    async with engine.begin() as connection:
        for user, moment in due.items():
            await connection.execute(
                update(CheckinScheduleRow)
                .where(CheckinScheduleRow.athlete_id == int(user[1:]))
                .values(next_due_at=moment)
            )
    await engine.dispose()
    return due


async def latencies(url: str, samples: int, *, polling: bool) -> list[float]:
    """Seconds from due to send request, one per sample."""
    due = await _spread_due(url, samples, datetime.now(UTC))
    clock = SystemClock()
    engine = create_engine_for(url)
    holders = SqlHolders(engine)
    sender = StampingSender()
    dispatcher = Dispatcher(
        make_uow_factory(engine, clock),
        clock,
        {Platform.TELEGRAM: sender},
        None,
        grace=timedelta(hours=3),
        holders=holders,
    )

    async def tick() -> None:
        await dispatcher.tick()

    job = (
        PeriodicJob("checkins.dispatch", POLL_SECONDS, tick)
        if polling
        else PeriodicJob("checkins.dispatch", 60, tick, dispatcher.next_due)
    )
    app = SimpleNamespace(periodic_jobs=[job], clock=clock, wakeups=Wakeups())
    scheduler = ApScheduler(cast(Any, app))
    scheduler.start()
    try:
        last = max(due.values()) + timedelta(seconds=POLL_SECONDS + 5)
        for _ in range(int((last - datetime.now(UTC)).total_seconds() * 10)):
            if len(sender.at) == samples:
                break
            await asyncio.sleep(0.1)
    finally:
        scheduler.shutdown()
        await holders.close()
        await engine.dispose()
    return [(sender.at[user] - due[user]).total_seconds() for user in sorted(sender.at)]


def percentiles(values: list[float]) -> tuple[float, float]:
    """(p50, p95)."""
    cuts = statistics.quantiles(values, n=20, method="inclusive")
    return statistics.median(values), cuts[18]


async def both(make: Any, folder: Path, samples: int) -> tuple[list[float], list[float]]:
    """Woken at the next due moment vs polled every POLL_SECONDS, run side by side."""
    woken_db = await make(folder, "latency_woken.db", samples)
    polled_db = await make(folder, "latency_polled.db", samples)
    woken, polled = await asyncio.gather(
        latencies(woken_db, samples, polling=False), latencies(polled_db, samples, polling=True)
    )
    return woken, polled
