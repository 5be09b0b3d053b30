"""Statements per message through the router, each with its time, on SQLite and PostgreSQL.

Run from the repository root:  python bench/bench_statements.py
Wires the app as bench_messages does (same preparation), then for `/faq`, `/log` crediting 3
challenges and a check-in's Done crediting 3 (after an unmeasured Skipped) lists every
statement the message sends to the database (SQLAlchemy's `before_cursor_execute` /
`after_cursor_execute` events on the engine), with the median time from one to the other over
REPEATS messages (the driver's part: on SQLite the trips to aiosqlite's thread, on PostgreSQL
the round trip), and the message's whole wall time beside it.
Not a test: timings depend on the machine.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_messages import (  # noqa: E402
    ALICE,
    PRIVATE,
    STEP,
    on_both_backends,
    prepared_app,
)
from sqlalchemy import event, literal_column, select  # noqa: E402

from bot.bootstrap import App  # noqa: E402
from bot.clock import ManualClock  # noqa: E402
from bot.types import Incoming  # noqa: E402

REPEATS = 60


class StatementLog:
    """Every statement sent while `recording`, with the ms spent in the driver."""

    def __init__(self, engine: Any) -> None:
        self.recording = False
        self.statements: list[tuple[str, float]] = []
        self._started: list[int] = []
        event.listen(engine.sync_engine, "before_cursor_execute", self._before)
        event.listen(engine.sync_engine, "after_cursor_execute", self._after)

    def _before(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        self._started.append(time.perf_counter_ns())

    def _after(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        took = (time.perf_counter_ns() - self._started.pop()) / 1e6
        if self.recording:
            self.statements.append((" ".join(statement.split())[:110], took))


async def _profile(app: App, clock: ManualClock, log: StatementLog, checkin_id: int) -> None:
    def press(answer: str) -> Callable[[], Awaitable[object]]:
        action = f"ci:{checkin_id}:{answer}"
        return lambda: app.router.handle(Incoming(ALICE, PRIVATE, action=action))

    messages: dict[str, tuple[Callable[[], Awaitable[object]] | None, Callable[[], Any]]] = {
        "/faq": (
            None,
            lambda: app.router.handle(Incoming(ALICE, PRIVATE, "/faq what are hip dips?")),
        ),
        "/log 3 challenges": (
            None,
            lambda: app.router.handle(Incoming(ALICE, PRIVATE, "/log reps clamshell 10")),
        ),
        "Done": (press("skipped"), press("done")),
        "Skipped (takes 3 back)": (press("done"), press("skipped")),
    }
    for name, (before, send) in messages.items():
        runs: list[list[tuple[str, float]]] = []
        walls: list[float] = []
        for _ in range(REPEATS):
            clock.advance(STEP)
            if before is not None:
                await before()
                clock.advance(STEP)
            log.statements = []
            log.recording = True
            start = time.perf_counter_ns()
            await send()
            walls.append((time.perf_counter_ns() - start) / 1e6)
            log.recording = False
            runs.append(log.statements)
        shapes = {tuple(sql for sql, _ in run) for run in runs[5:]}
        last = runs[-1]
        in_driver = statistics.median(sum(took for _, took in run) for run in runs[5:])
        print(
            f"\n  {name}: {len(last)} statements (shapes seen: {len(shapes)}), wall p50 "
            f"{statistics.median(walls[5:]):.2f} ms, in the driver p50 {in_driver:.2f} ms"
        )
        for n, (sql, _) in enumerate(last):
            took = statistics.median(run[n][1] for run in runs[5:] if len(run) > n)
            print(f"    {took:5.2f} ms  {sql}")


async def _overhead(app: App) -> None:
    """One Core SELECT in a unit of work, run three ways, interleaved, same run."""
    query = select(literal_column("1"))

    async def via_session() -> None:
        async with app.uow() as uow:
            await uow.session.execute(query)  # type: ignore[attr-defined]
            await uow.commit()

    async def via_connection() -> None:
        async with app.uow() as uow:
            connection = await uow.session.connection()  # type: ignore[attr-defined]
            await connection.execute(query)
            await uow.commit()

    async def via_engine() -> None:
        async with app.engine.begin() as connection:
            await connection.execute(query)

    ways = {
        "session.execute": via_session,
        "(await session.connection()).execute": via_connection,
        "engine.begin() (no session)": via_engine,
    }
    timings: dict[str, list[tuple[float, float]]] = {name: [] for name in ways}
    for _ in range(REPEATS * 10):
        for name, way in ways.items():
            start, cpu = time.perf_counter_ns(), time.process_time_ns()
            await way()
            took = (time.perf_counter_ns() - start) / 1e6, (time.process_time_ns() - cpu) / 1e6
            timings[name].append(took)
    print("\n  one SELECT in a transaction, p50 wall / cpu ms:")
    for name, values in timings.items():
        wall = statistics.median(v[0] for v in values[50:])
        cpu = statistics.median(v[1] for v in values[50:])
        print(f"    {wall:5.3f} / {cpu:5.3f}  {name}")


async def _run(backend: str, url: str) -> None:
    async with prepared_app(url) as (app, clock, checkin_id):
        log = StatementLog(app.engine)
        print(f"\n{backend}:")
        await _profile(app, clock, log, checkin_id)
        await _overhead(app)


def main() -> None:
    """Both backends, statement by statement."""
    on_both_backends(_run)


if __name__ == "__main__":
    main()
