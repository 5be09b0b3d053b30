"""Check-in dispatch benchmark: our claim-in-batches dispatcher vs one APScheduler job per user.

Run from the repository root:  .venv/bin/python bench/bench_checkins.py [athletes]

Figures (SQLite, in a temporary folder):
- start: time until the process is ready to dispatch (ours: engine + dispatcher + one probe
  query; naive: read every schedule and register one CronTrigger job per athlete);
- memory: Python heap held after start (tracemalloc, on a MEMORY_SET-athlete database so the
  tracing does not slow the timed runs), and ours' peak during a full tick;
- throughput: check-ins per second through claim -> render -> hand to a Sender that accepts
  instantly. Ours claims all due rows; the naive peer fires one job per athlete, each doing
  the same work in its own transactions (measured on a subset, NAIVE_FIRE athletes).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select  # noqa: E402

from bot.clock import ManualClock  # noqa: E402
from bot.domain.calendar import local_day  # noqa: E402
from bot.domain.checkin_messages import checkin_message  # noqa: E402
from bot.domain.schedules import (  # noqa: E402
    DueExercise,
    DueSession,
    NewCheckin,
    Status,
)
from bot.services.dispatch import Dispatcher, pick_account  # noqa: E402
from bot.storage import create_engine_for, make_uow_factory, upgrade_to_head  # noqa: E402
from bot.storage.checkin_models import CheckinScheduleRow  # noqa: E402
from bot.storage.models import AthleteRow, PlatformAccountRow  # noqa: E402
from bot.types import Platform, Reply  # noqa: E402

ATHLETES = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
NAIVE_FIRE = min(5_000, ATHLETES)
MEMORY_SET = min(20_000, ATHLETES)
DUE = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)
ZONES = ("Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Tokyo", "UTC")


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

    async def weekly_program(self, athlete_id: int) -> list[Reply]:
        """Nothing."""
        return []


async def make_database(folder: Path, name: str, count: int) -> str:
    """A migrated SQLite database with `count` athletes whose check-in is due at DUE."""
    url = f"sqlite+aiosqlite:///{folder / name}"
    engine = create_engine_for(url)
    await upgrade_to_head(engine)
    async with engine.begin() as connection:
        for first in range(1, count + 1, 20_000):
            ids = range(first, min(first + 20_000, count + 1))
            await connection.execute(
                insert(AthleteRow),
                [
                    {"id": i, "created_at": DUE, "dms_stopped": False, "disclaimer_seen": True}
                    for i in ids
                ],
            )
            await connection.execute(
                insert(PlatformAccountRow),
                [
                    {
                        "platform": "telegram",
                        "external_id": f"u{i}",
                        "athlete_id": i,
                        "display_name": "",
                        "dm_chat_id": f"u{i}",
                        "reachable": True,
                        "created_at": DUE,
                    }
                    for i in ids
                ],
            )
            await connection.execute(
                insert(CheckinScheduleRow),
                [
                    {
                        "athlete_id": i,
                        "days": "mon,wed,fri",
                        "local_time": "18:00",
                        "timezone": ZONES[i % len(ZONES)],
                        "active": True,
                        "notice_pending": False,
                        "next_due_at": DUE - timedelta(seconds=i % 60),
                        "updated_at": DUE,
                    }
                    for i in ids
                ],
            )
    await engine.dispose()
    return url


async def ours(url: str, *, measure_memory: bool) -> dict[str, float]:
    """Start, then one tick that dispatches every due check-in."""
    gc.collect()
    if measure_memory:
        tracemalloc.start()
    began = time.perf_counter()
    clock = ManualClock(DUE + timedelta(minutes=1))
    engine = create_engine_for(url)
    sender = InstantSender()
    uow = make_uow_factory(engine, clock)
    dispatcher = Dispatcher(
        uow, clock, {Platform.TELEGRAM: sender}, Sessions(), grace=timedelta(hours=3)
    )
    async with engine.connect() as connection:
        due = await connection.scalar(
            select(func.count()).where(CheckinScheduleRow.next_due_at <= clock.now())
        )
    started = time.perf_counter() - began
    held = tracemalloc.get_traced_memory()[0] if measure_memory else 0
    began = time.perf_counter()
    handed = await dispatcher.tick()
    elapsed = time.perf_counter() - began
    peak = tracemalloc.get_traced_memory()[1] if measure_memory else 0
    if measure_memory:
        tracemalloc.stop()
    await engine.dispose()
    assert handed == due == sender.count, (handed, due, sender.count)
    return {"start": started, "held": held, "peak": peak, "rate": handed / elapsed, "n": handed}


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
            people = await work.checkins.recipients([athlete_id])
            (checkin,) = await work.checkins.insert_checkins(
                [NewCheckin(athlete_id, moment, day, Status.SENDING, now)]
            )
            await work.commit()
        account = pick_account(people[athlete_id][1], senders, None)
        assert account is not None
        session = await sessions.due_session(athlete_id, day)
        await sender.send_dm(account.external_id, checkin_message(checkin, session))
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


def mb(size: float) -> str:
    """Bytes as megabytes."""
    return f"{size / 1e6:.1f} MB"


async def main() -> None:
    """Build the data sets, run both approaches and print the figures and ratios."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"seeding {ATHLETES:,} athletes with schedules (SQLite) ...", flush=True)
        big = await make_database(folder, "ours.db", ATHLETES)
        naive_db = await make_database(folder, "naive.db", ATHLETES)
        small = await make_database(folder, "memory.db", MEMORY_SET)
        mine = await ours(big, measure_memory=False)
        memory = await ours(small, measure_memory=True)
        load = await naive_load(naive_db, measure_memory=False)
        naive_memory = await naive_load(small, measure_memory=True)
        fire = await naive_fire(naive_db, NAIVE_FIRE)
    print()
    print(f"{'':44}{'ours':>14}{'naive peer':>14}{'ratio':>10}")
    print(
        f"{'start: ready to dispatch (s)':44}{mine['start']:>14.3f}{load['start']:>14.3f}"
        f"{load['start'] / mine['start']:>9.0f}x"
    )
    held = naive_memory["held"]
    print(
        f"{'memory held after start (' + f'{MEMORY_SET:,} athletes)':44}"
        f"{mb(memory['held']):>14}{mb(held):>14}{held / max(memory['held'], 1):>9.0f}x"
    )
    print(f"{'peak memory during a tick (' + f'{MEMORY_SET:,} due)':44}{mb(memory['peak']):>14}")
    print(
        f"{'throughput claim->render->send (per s)':44}{mine['rate']:>14,.0f}{fire['rate']:>14,.0f}"
        f"{mine['rate'] / max(fire['rate'], 1e-9):>9.1f}x"
    )
    print()
    print(f"naive memory grows with athletes: {held / MEMORY_SET:,.0f} bytes per job held")
    print(f"ours: {mine['n']:,} check-ins in one tick; naive: {load['jobs']:,} jobs loaded,")
    print(f"      fired {NAIVE_FIRE:,}: {fire['ok']:,} ok, {fire['error']:,} failed")
    verdict = "meets" if mine["rate"] >= 3000 else "MISSES"
    print(f"target >= 3,000 check-ins/s on SQLite: {verdict} ({mine['rate']:,.0f}/s)")


if __name__ == "__main__":
    asyncio.run(main())
