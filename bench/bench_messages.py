"""Whole messages through the router, on SQLite and on a throwaway PostgreSQL server.

Run from the repository root:  python bench/bench_messages.py
For each backend it wires the real app (bootstrap, migrations) and prints p50/p95 of
  - floor: an empty unit of work (open, commit, close), measured in the same rounds, and one
    with a `SELECT 1` (a round trip to the database: how busy the machine is right now),
  - /faq: a question answered from the FAQ (the router's notices included); the service
    remembers answers per distinct question, so "/faq, a new question" (numbered, so each is
    new: the engine runs every time) is printed beside it, without a target,
  - /log: `log reps clamshell 10` in a private chat, crediting the 3 reps challenges joined,
  - Done: a check-in's Done button that credits the 3 sessions challenges joined (each Done
    follows an unmeasured Skipped that took the credit back).
Every message is timed from `router.handle` to its replies; each figure is measured in ROUNDS
rounds (interleaved) and the median round by p95 is reported, every round's p95 beside it.
Targets (issue #17): /faq p95 <= 2 ms, /log 3 challenges p95 <= 3 ms, Done p95 <= 3 ms.
PostgreSQL: started like tests/conftest.py does (pg_ctl, as the postgres user when root); without
pg_ctl it is skipped with a printed reason. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import socket
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime, timedelta
from glob import glob
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from bot.bootstrap import App, bootstrap  # noqa: E402
from bot.clock import ManualClock  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from bot.types import ChatRef, Incoming, Platform, Reply, UserRef  # noqa: E402

ROUNDS = 3
PER_ROUND = 150
WARMUP = 20
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
STEP = timedelta(seconds=5)  # between messages: well inside the router's 20 a minute
ALICE = UserRef(Platform.DISCORD, "11", "Alice")
MO = UserRef(Platform.DISCORD, "99", "Mo")
PRIVATE = ChatRef(Platform.DISCORD, "dm11", "private")
GROUP = ChatRef(Platform.DISCORD, "1001", "group", "Bench", channel_id="51001")
TARGETS = {"/faq": 2.0, "/log 3 challenges": 3.0, "Done": 3.0}


class Recorder:
    """A Sender that keeps what was sent (the check-in with its buttons)."""

    def __init__(self) -> None:
        self.sent: list[Reply] = []

    async def send_dm(self, user_external_id: str, reply: Reply) -> None:
        """Keep the DM."""
        self.sent.append(reply)

    async def send_channel(self, channel_id: str, reply: Reply) -> None:
        """Keep the post."""
        self.sent.append(reply)


async def _say(app: App, who: UserRef, chat: ChatRef, text: str, *, mod: bool = False) -> str:
    replies = await app.router.handle(Incoming(who, chat, text, is_moderator=mod))
    return replies[0].text if replies else ""


async def _prepare(app: App, clock: ManualClock) -> int:
    """Alice in 3 reps and 3 sessions challenges, check-ins on; her Monday check-in's id."""
    for n in range(3):
        for metric in ("reps:clamshell", "sessions"):
            name = f"{metric.split(':')[0]} {n}"
            create = f'/challenge create "{name}" {metric} 2026-03-02 2026-03-29'
            assert "is on" in await _say(app, MO, GROUP, create, mod=True)
            assert "joined" in await _say(app, ALICE, GROUP, f'/challenge join "{name}"')
    sender = Recorder()
    app.senders[Platform.DISCORD] = sender
    assert "Check-ins on" in await _say(app, ALICE, PRIVATE, "/checkins on mon 18:00 UTC")
    clock.set(MONDAY + timedelta(hours=9, minutes=1))
    dispatch = next(job for job in app.periodic_jobs if job.name == "checkins.dispatch")
    await dispatch.run()
    action = sender.sent[-1].buttons[0][0].action  # ci:<id>:done
    return int(action.split(":")[1])


Timing = tuple[float, float]  # (wall ms, this process's CPU ms, its threads included)


def _timed(clock: ManualClock, send: Callable[[], Awaitable[object]]) -> Callable[[], Any]:
    async def once() -> Timing:
        clock.advance(STEP)
        start, cpu = time.perf_counter_ns(), time.process_time_ns()
        await send()
        return (time.perf_counter_ns() - start) / 1e6, (time.process_time_ns() - cpu) / 1e6

    return once


async def _measure(app: App, clock: ManualClock, checkin_id: int) -> dict[str, list[list[Timing]]]:
    """Each scenario's timings, per round."""

    async def empty_unit_of_work() -> None:
        async with app.uow() as uow:
            await uow.commit()

    async def one_select() -> None:
        async with app.uow() as uow:
            await uow.session.execute(text("SELECT 1"))  # type: ignore[attr-defined]
            await uow.commit()

    def press(answer: str) -> Callable[[], Awaitable[object]]:
        action = f"ci:{checkin_id}:{answer}"
        return lambda: app.router.handle(Incoming(ALICE, PRIVATE, action=action))

    async def done_after_skipped() -> Timing:
        await _timed(clock, press("skipped"))()
        timing: Timing = await _timed(clock, press("done"))()
        return timing

    faq = Incoming(ALICE, PRIVATE, "/faq what are hip dips?")
    numbers = itertools.count()

    def new_question() -> Awaitable[object]:
        text = f"/faq what are hip dips? ({next(numbers)})"
        return app.router.handle(Incoming(ALICE, PRIVATE, text))

    log = Incoming(ALICE, PRIVATE, "/log reps clamshell 10")
    scenarios: dict[str, Callable[[], Awaitable[Timing]]] = {
        "floor (empty unit of work)": _timed(clock, empty_unit_of_work),
        "one SELECT in a unit of work": _timed(clock, one_select),
        "/faq": _timed(clock, lambda: app.router.handle(faq)),
        "/faq, a new question": _timed(clock, new_question),
        "/log 3 challenges": _timed(clock, lambda: app.router.handle(log)),
        "Done": done_after_skipped,
    }
    assert "Counted in" in (await app.router.handle(log))[0].text, "the log credited nothing"
    for run in scenarios.values():
        for _ in range(WARMUP):
            await run()
    results: dict[str, list[list[Timing]]] = {name: [] for name in scenarios}
    for _ in range(ROUNDS):
        for name, run in scenarios.items():
            results[name].append([await run() for _ in range(PER_ROUND)])
    return results


def _p(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def _report(backend: str, results: dict[str, list[list[Timing]]]) -> None:
    print(f"\n{backend}: wall p50 / p95 in ms (median round by p95; every round's p95);")
    print("  cpu: this process's CPU ms per message, p50 (less sensitive to a busy machine)")
    for name, rounds in results.items():
        walls = [[wall for wall, _ in timings] for timings in rounds]
        by_p95 = sorted(walls, key=lambda values: _p(values, 0.95))
        median = by_p95[len(by_p95) // 2]
        p95s = " ".join(f"{_p(values, 0.95):.2f}" for values in walls)
        cpu = statistics.median(cpu for timings in rounds for _, cpu in timings)
        target = TARGETS.get(name)
        verdict = ""
        if target is not None:
            met = "met" if _p(median, 0.95) <= target else "MISSED"
            verdict = f"  target <= {target:g}: {met}"
        print(
            f"  {name:<28} {statistics.median(median):6.2f} / {_p(median, 0.95):6.2f}"
            f"  cpu {cpu:5.2f}   rounds: {p95s}{verdict}"
        )


@asynccontextmanager
async def prepared_app(url: str) -> AsyncIterator[tuple[App, ManualClock, int]]:
    """The wired app on `url` after `_prepare`: the app, its clock and Alice's check-in id."""
    settings = load_settings(
        database_url=url, discord_token=None, telegram_token=None, _env_file=None
    )
    clock = ManualClock(MONDAY)
    app = await bootstrap(settings, clock=clock, migrate=True)
    try:
        yield app, clock, await _prepare(app, clock)
    finally:
        await app.aclose()


async def _run(backend: str, url: str) -> None:
    async with prepared_app(url) as (app, clock, checkin_id):
        _report(backend, await _measure(app, clock, checkin_id))


def _pg_ctl() -> str | None:
    found = shutil.which("pg_ctl")
    candidates = sorted(glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return found or (candidates[-1] if candidates else None)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def _throwaway_postgres(folder: Path) -> Iterator[str]:
    """A PostgreSQL server in `folder` with one empty database; its URL."""
    from pytest_postgresql.executors.proc import PostgreSQLExecutor
    from pytest_postgresql.janitor import DatabaseJanitor

    pg_ctl = _pg_ctl()
    assert pg_ctl is not None
    executable = pg_ctl
    if os.geteuid() == 0:  # PostgreSQL refuses root: run it as postgres (tests/support)
        os.environ["HIPCOACH_PG_CTL"] = pg_ctl
        executable = str(ROOT / "tests" / "support" / "pg_ctl_as_postgres.sh")
    port = _free_port()
    server = PostgreSQLExecutor(
        executable=executable,
        host="127.0.0.1",
        port=port,
        datadir=str(folder / "data"),
        unixsocketdir=str(folder),
        logfile=str(folder / "log" / "postgresql.log"),
        startparams="-w",
        dbname="bench",
    )
    (folder / "log").mkdir()
    server.start()
    try:
        server.wait_for_postgres()
        name = f"bench_{uuid.uuid4().hex[:8]}"
        with DatabaseJanitor(user=server.user, host="127.0.0.1", port=port, dbname=name):
            yield f"postgresql+asyncpg://{server.user}@127.0.0.1:{port}/{name}"
    finally:
        server.stop()


def on_both_backends(run: Callable[[str, str], Awaitable[None]]) -> None:
    """`run(backend, url)` on a temporary SQLite file, then on a throwaway PostgreSQL."""
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(run("SQLite", f"sqlite+aiosqlite:///{folder}/bench.db"))
    if _pg_ctl() is None:
        print("\nPostgreSQL: skipped, no pg_ctl on this machine")
        return
    with tempfile.TemporaryDirectory() as folder:
        os.chmod(folder, 0o755)
        with _throwaway_postgres(Path(folder)) as url:
            asyncio.run(run("PostgreSQL", url))


def main() -> None:
    """Run both backends and print the figures."""
    print(f"bench_messages: {ROUNDS} rounds x {PER_ROUND} messages per figure, code at {ROOT}")
    on_both_backends(_run)


if __name__ == "__main__":
    main()
