"""APScheduler only ticks: one interval job per PeriodicJob, never one job per user."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bot.bootstrap import App

log = logging.getLogger(__name__)


class Scheduler(Protocol):
    """What the runtime needs from a scheduler."""

    def start(self) -> None:
        """Begin ticking on the running event loop."""
        ...

    def shutdown(self) -> None:
        """Stop ticking."""
        ...


def _guarded(name: str, run: Callable[[], Awaitable[None]]) -> Callable[[], Awaitable[None]]:
    async def tick() -> None:
        try:
            await run()
        except Exception:
            # One failed tick must not stop the job: log it and try again next interval.
            log.exception("periodic job %s failed", name)

    return tick


class ApScheduler:
    """AsyncIOScheduler with one interval job per `app.periodic_jobs` entry."""

    def __init__(self, app: App) -> None:
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        self._scheduler = AsyncIOScheduler(timezone="UTC")
        self._jobs = list(app.periodic_jobs)
        self._clock = app.clock

    def start(self) -> None:
        """Add the jobs (each also runs once right away, to catch up) and start."""
        first = self._clock.now()
        for job in self._jobs:
            self._scheduler.add_job(
                _guarded(job.name, job.run),
                "interval",
                seconds=job.seconds,
                id=job.name,
                name=job.name,
                max_instances=1,
                coalesce=True,
                misfire_grace_time=max(1, int(job.seconds)),
                next_run_time=first,
            )
        self._scheduler.start()
        log.info("scheduler started with %d periodic jobs", len(self._jobs))

    def shutdown(self) -> None:
        """Stop without waiting for running ticks (they are safe to interrupt)."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)


def build_scheduler(app: App) -> ApScheduler:
    """The scheduler for the app's periodic jobs."""
    return ApScheduler(app)
