"""APScheduler only wakes our jobs: a slow interval job per PeriodicJob, and one date job
per job armed at the next due moment. Never one job per user: schedules are our own rows."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from bot.jobs import PeriodicJob, Wakeups

if TYPE_CHECKING:
    from bot.bootstrap import App

log = logging.getLogger(__name__)

AGAIN_AFTER = timedelta(seconds=0.1)  # the soonest a job runs again after a run


class Scheduler(Protocol):
    """What the runtime needs from a scheduler."""

    def start(self) -> None:
        """Begin ticking on the running event loop."""
        ...

    def shutdown(self) -> None:
        """Stop ticking."""
        ...

    async def wait_stopped(self, grace: float = 0.0) -> None:
        """Let the runs still going finish for up to `grace` seconds, then interrupt them."""
        ...


class ApScheduler:
    """AsyncIOScheduler running `app.periodic_jobs`, one at a time per job.

    After each run of a job with `next_due`, and whenever a feature reports new work to
    `app.wakeups`, a date job is armed for the earliest due moment. Moments are on the app's
    injected clock; APScheduler fires on the wall clock, so the delay is what carries over.
    """

    def __init__(self, app: App) -> None:
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        self._scheduler = AsyncIOScheduler(timezone="UTC")
        self._jobs = {job.name: job for job in app.periodic_jobs}
        self._clock = app.clock
        self._wakeups: Wakeups | None = getattr(app, "wakeups", None)
        self._locks = {name: asyncio.Lock() for name in self._jobs}
        self._armed: dict[str, datetime] = {}  # job -> moment its date job fires
        self._noted: dict[str, datetime | None] = {}  # jobs running -> earliest report meanwhile
        self._running: set[asyncio.Task[None]] = set()
        leadership = getattr(app, "leadership", None)
        if leadership is not None:
            # Before any platform connects: a second process on one SQLite file refuses here.
            leadership.hold_process()

    def start(self) -> None:
        """Add the jobs (each also runs once right away, to catch up) and start."""
        first = datetime.now(UTC)
        for job in self._jobs.values():
            self._scheduler.add_job(
                self._runner(job),
                "interval",
                seconds=job.seconds,
                id=job.name,
                name=job.name,
                max_instances=1,
                coalesce=True,
                misfire_grace_time=max(1, int(job.seconds)),
                next_run_time=first,
            )
        if self._wakeups is not None:
            self._wakeups.listen(self.wake)
        self._scheduler.start()
        log.info("scheduler started with %d periodic jobs", len(self._jobs))

    def shutdown(self) -> None:
        """Stop without waiting for running passes (they are safe to interrupt)."""
        if self._wakeups is not None:
            self._wakeups.listen(None)
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)

    async def wait_stopped(self, grace: float = 0.0) -> None:
        """Wait up to `grace` s for running passes, then cancel the rest and wait for them.

        A cancelled dispatcher puts its unsent claims back.
        """
        running = list(self._running)
        if running and grace > 0:
            await asyncio.wait(running, timeout=grace)
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)

    def wake(self, name: str, moment: datetime) -> None:
        """Run job `name` at `moment` unless it is already armed for earlier."""
        job = self._jobs.get(name)
        if job is None or job.next_due is None:
            return
        if name in self._noted:  # running now: its next_due may have been read before this
            noted = self._noted[name]
            self._noted[name] = moment if noted is None else min(noted, moment)
        armed = self._armed.get(name)
        if armed is None or moment < armed:
            self._arm(job, moment)

    def _runner(self, job: PeriodicJob) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            task = asyncio.current_task()
            assert task is not None
            self._running.add(task)
            try:
                await self._run(job)
            finally:
                self._running.discard(task)

        return run

    async def _run(self, job: PeriodicJob) -> None:
        """One run, then arm the next at the earliest due moment (or none)."""
        async with self._locks[job.name]:
            self._noted[job.name] = None
            try:
                await job.run()
                due = await job.next_due() if job.next_due else None
            except Exception:
                # One failed run must not stop the job: the safety tick tries again.
                log.exception("periodic job %s failed", job.name)
                due = None
            noted = self._noted.pop(job.name)
            moments = [moment for moment in (due, noted) if moment is not None]
            if moments:
                # Work still due right after a run is locked by another process: let it
                # finish rather than spin.
                self._arm(job, max(min(moments), self._clock.now() + AGAIN_AFTER))
            else:
                self._disarm(job)

    def _arm(self, job: PeriodicJob, moment: datetime) -> None:
        delay = max(0.0, (moment - self._clock.now()).total_seconds())
        self._scheduler.add_job(
            self._runner(job),
            "date",
            run_date=datetime.now(UTC) + timedelta(seconds=delay),
            id=f"{job.name}:wake",
            name=f"{job.name}:wake",
            replace_existing=True,
            misfire_grace_time=None,
        )
        self._armed[job.name] = moment

    def _disarm(self, job: PeriodicJob) -> None:
        from apscheduler.jobstores.base import JobLookupError

        if self._armed.pop(job.name, None) is not None and self._scheduler.running:
            with contextlib.suppress(JobLookupError):
                self._scheduler.remove_job(f"{job.name}:wake")


def build_scheduler(app: App) -> ApScheduler:
    """The scheduler for the app's periodic jobs."""
    return ApScheduler(app)
