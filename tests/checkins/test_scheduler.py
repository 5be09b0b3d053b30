"""APScheduler only wakes the app's jobs: a slow interval each, and a date job at the next due."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from types import SimpleNamespace
from typing import Any, cast

from bot.bootstrap import bootstrap
from bot.clock import SystemClock
from bot.jobs import PeriodicJob, Wakeups
from bot.scheduler import build_scheduler
from bot.settings import load_settings
from bot.types import ChatRef, Incoming, Platform, Reply, UserRef
from tests.checkins.support import RecordingSender


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


class ShiftedClock:
    """The real clock started from a chosen moment: time passes, from where the test says."""

    def __init__(self) -> None:
        self._shift = timedelta(0)

    def set(self, moment: datetime) -> None:
        """From now on, `now()` is `moment` plus the real time that passes."""
        self._shift = moment - datetime.now(UTC)

    def now(self) -> datetime:
        """The shifted moment."""
        return datetime.now(UTC) + self._shift


@dataclass
class TimedSender(RecordingSender):
    """Remembers when (on the app's clock) each DM was handed over."""

    clock: ShiftedClock = field(default_factory=ShiftedClock)
    at: list[datetime] = field(default_factory=list)

    async def send_dm(self, user_external_id: str, reply: Reply) -> None:
        """Record the moment, then the DM."""
        self.at.append(self.clock.now())
        await super().send_dm(user_external_id, reply)


async def test_a_check_in_turned_on_for_two_seconds_from_now_goes_out_on_time(
    migrated_url: str,
) -> None:
    due = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)  # Monday 18:00 in Berlin
    clock = ShiftedClock()
    clock.set(due - timedelta(hours=1))
    settings = load_settings(
        database_url=migrated_url, discord_token=None, telegram_token=None, _env_file=None
    )
    app = await bootstrap(settings, clock=clock)
    sender = TimedSender(clock=clock)
    app.senders[Platform.TELEGRAM] = sender
    scheduler = build_scheduler(app)
    scheduler.start()
    try:
        job = scheduler._scheduler.get_job("checkins.dispatch")
        assert job.trigger.interval.total_seconds() == 60  # the safety tick is slow
        await asyncio.sleep(0.5)  # the start-up pass has run: nothing was due
        clock.set(due - timedelta(seconds=2))
        user, chat = UserRef(Platform.TELEGRAM, "42", "Ada"), ChatRef(Platform.TELEGRAM, "42")
        replies = await app.router.handle(
            Incoming(user, chat, text="/checkins on mon 18:00 Europe/Berlin")
        )
        assert "Next check-in: Mon 02 Mar, 18:00" in replies[0].text
        for _ in range(100):  # up to 5 s
            if sender.at:
                break
            await asyncio.sleep(0.05)
        assert [who for who, _ in sender.sent] == ["42"]
        late = (sender.at[0] - due).total_seconds()
        print(f"\ndue -> send request: {late * 1000:.0f} ms")
        assert 0 <= late <= 1.0
    finally:
        scheduler.shutdown()
        await app.aclose()


async def test_after_each_run_the_job_is_woken_at_its_next_due_moment() -> None:
    runs: list[datetime] = []
    clock = SystemClock()

    async def run() -> None:
        runs.append(clock.now())

    async def next_due() -> datetime | None:
        return runs[-1] + timedelta(seconds=0.3) if len(runs) < 3 else None

    jobs = [PeriodicJob("work", 60, run, next_due)]
    app = cast(Any, SimpleNamespace(periodic_jobs=jobs, clock=clock, wakeups=Wakeups()))
    scheduler = build_scheduler(app)
    scheduler.start()
    try:
        for _ in range(100):
            if len(runs) >= 3:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)
        assert len(runs) == 3  # at start, then twice at the moments it named, then no more
        gaps = [(later - earlier).total_seconds() for earlier, later in pairwise(runs)]
        assert all(0.29 <= gap < 1.0 for gap in gaps)
        assert scheduler._scheduler.get_job("work:wake") is None
    finally:
        scheduler.shutdown()


async def test_stopping_interrupts_a_run_and_waits_for_its_clean_up() -> None:
    started, cleaned = asyncio.Event(), asyncio.Event()

    async def long_run() -> None:
        started.set()
        try:
            await asyncio.Event().wait()  # a batch still going out
        finally:
            await asyncio.sleep(0.05)  # puts its unsent claims back
            cleaned.set()

    jobs = [PeriodicJob("checkins.dispatch", 60, long_run)]
    app = cast(Any, SimpleNamespace(periodic_jobs=jobs, clock=SystemClock(), wakeups=Wakeups()))
    scheduler = build_scheduler(app)
    scheduler.start()
    async with asyncio.timeout(5):
        await started.wait()
    scheduler.shutdown()
    await scheduler.wait_stopped()
    assert cleaned.is_set()
