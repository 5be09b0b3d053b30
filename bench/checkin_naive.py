"""The naive peer of bench_checkins: one APScheduler job per athlete (same-run baseline)."""

from __future__ import annotations

import asyncio
import gc
import logging
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from bot.calendar import local_day
from bot.checkins.dispatch import pick_account
from bot.checkins.messages import checkin_message
from bot.checkins.schedules import DueExercise, DueSession, NewCheckin, Status
from bot.checkins.storage.models import CheckinScheduleRow
from bot.clock import ManualClock
from bot.i18n import Translator, english
from bot.storage import create_engine_for, make_uow_factory
from bot.types import Platform, Reply

DUE = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)


class InstantSender:
    """Accepts every message at once and counts them."""

    def __init__(self) -> None:
        self.count = 0

    async def send_dm(self, user_external_id: str, reply: Reply) -> None:
        """Count."""
        self.count += 1

    async def send_channel(self, channel_id: str, reply: Reply) -> None:
        """Count."""
        self.count += 1


class Sessions:
    """A program that answers at once with a two-exercise session."""

    session = DueSession(
        "Lateral day",
        (
            DueExercise("clamshell", "Clamshell", 3, 15, "3 sets x 12-15 reps"),
            DueExercise("band-walk", "Lateral band walk", 3, 12, "3 sets x 10-12 reps"),
        ),
    )

    async def due_session(self, athlete_id: int, day: date) -> DueSession | None:
        """The same session for everyone."""
        return self.session

    async def weekly_program(self, athlete_id: int, tr: Translator) -> list[Reply]:
        """Nothing."""
        return []


async def naive_load(url: str, *, measure_memory: bool) -> dict[str, float]:
    """Read all schedules and register one cron job per athlete, as a naive bot would."""
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    gc.collect()
    if measure_memory:
        tracemalloc.start()
    began = time.perf_counter()
    engine = create_engine_for(url)
    scheduler = AsyncIOScheduler(timezone="UTC")
    async with engine.connect() as connection:
        rows = (await connection.execute(select(CheckinScheduleRow.__table__))).all()
    for row in rows:
        hour, minute = row.local_time.split(":")
        scheduler.add_job(
            _noop,
            "cron",
            day_of_week=row.days,
            hour=int(hour),
            minute=int(minute),
            timezone=row.timezone,
            id=str(row.athlete_id),
            args=(row.athlete_id,),
            misfire_grace_time=None,
        )
    scheduler.start(paused=True)  # computes every job's next run time
    started = time.perf_counter() - began
    del rows
    gc.collect()
    held = tracemalloc.get_traced_memory()[0] if measure_memory else 0
    if measure_memory:
        tracemalloc.stop()
    jobs = len(scheduler.get_jobs())
    scheduler.shutdown(wait=False)
    await engine.dispose()
    return {"start": started, "held": held, "jobs": jobs}


async def _noop(athlete_id: int) -> None:
    return None


async def naive_fire(url: str, count: int) -> dict[str, float]:
    """One APScheduler job per athlete, all due now, each doing the per-user core path."""
    from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    clock = ManualClock(DUE + timedelta(minutes=1))
    engine = create_engine_for(url)
    uow = make_uow_factory(engine, clock)
    sender = InstantSender()
    senders: dict[Platform, Any] = {Platform.TELEGRAM: sender}
    sessions = Sessions()
    finished = asyncio.Event()
    outcome = {"ok": 0, "error": 0}

    async def job(athlete_id: int) -> None:
        now = clock.now()
        async with uow() as work:
            schedule = await work.checkins.get_schedule(athlete_id)
            assert schedule is not None and schedule.next_due_at is not None
            moment = schedule.next_due_at
            day = local_day(moment, schedule.rule.timezone)
            people = await work.accounts.recipients([athlete_id])
            (checkin,) = await work.checkins.insert_checkins(
                [NewCheckin(athlete_id, moment, day, Status.SENDING, now)]
            )
            await work.commit()
        account = pick_account(people[athlete_id][1], senders, None)
        assert account is not None
        session = await sessions.due_session(athlete_id, day)
        await sender.send_dm(account.external_id, checkin_message(checkin, session, english()))
        async with uow() as work:
            await work.checkins.update_checkins([checkin])
            await work.commit()

    def listener(event: Any) -> None:
        outcome["error" if event.exception else "ok"] += 1
        if outcome["ok"] + outcome["error"] >= count:
            finished.set()

    # Failed naive jobs are counted, not printed: their tracebacks would bury the figures.
    logging.getLogger("apscheduler").setLevel(logging.CRITICAL)
    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.add_listener(listener, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    now = datetime.now(UTC)  # APScheduler fires on the wall clock
    for athlete_id in range(1, count + 1):
        scheduler.add_job(job, "date", run_date=now, args=(athlete_id,), misfire_grace_time=None)
    began = time.perf_counter()
    scheduler.start()
    await finished.wait()
    elapsed = time.perf_counter() - began
    scheduler.shutdown(wait=False)
    await engine.dispose()
    return {"rate": outcome["ok"] / elapsed, "ok": outcome["ok"], "error": outcome["error"]}
