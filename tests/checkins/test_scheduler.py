"""APScheduler only ticks the app's periodic jobs: one interval job each, never per user."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any, cast

from bot.clock import SystemClock
from bot.jobs import PeriodicJob
from bot.scheduler import build_scheduler


async def test_each_periodic_job_becomes_one_guarded_interval_job() -> None:
    ran: list[str] = []

    async def tick() -> None:
        ran.append("tick")

    async def broken() -> None:
        ran.append("broken")
        raise RuntimeError("boom")

    jobs = [PeriodicJob("checkins.dispatch", 20, tick), PeriodicJob("weekly", 300, broken)]
    app = cast(Any, SimpleNamespace(periodic_jobs=jobs, clock=SystemClock()))
    scheduler = build_scheduler(app)
    scheduler.start()
    try:
        inner = scheduler._scheduler
        scheduled = inner.get_jobs()
        assert [job.id for job in scheduled] == ["checkins.dispatch", "weekly"]
        for job in scheduled:
            assert job.max_instances == 1 and job.coalesce is True
        assert scheduled[0].trigger.interval.total_seconds() == 20
        for _ in range(50):  # both run once right away (catch-up on start)
            if len(ran) >= 2:
                break
            await asyncio.sleep(0.02)
        assert sorted(ran) == ["broken", "tick"]
        assert inner.get_job("weekly").next_run_time > datetime.now(UTC)  # still scheduled
    finally:
        scheduler.shutdown()
