"""Where a message's CPU goes: cProfile over /log and Done, on SQLite and PostgreSQL.

Run from the repository root:  python bench/profile_messages.py [MESSAGES] [--top N]
Wires the app as bench_messages does (same preparation), warms up, then profiles MESSAGES
(default 300) `/log reps clamshell 10` and MESSAGES check-in Done presses (each after an
unprofiled Skipped) through the router. For each it prints the own time (tottime) summed by
where the code lives (our code, SQLAlchemy's ORM, its Core and engine, the drivers, asyncio
and threads, the rest) and the top functions by cumulative and by own time.
cProfile sees the event loop's thread only: on SQLite the work in aiosqlite's thread shows
as time waiting in `select`/`epoll` here. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import sys
from collections import defaultdict
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_messages import ALICE, PRIVATE, STEP, on_both_backends, prepared_app  # noqa: E402

from bot.types import Incoming  # noqa: E402

MESSAGES = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 300
TOP = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 15
WARMUP = 30
DUMPED: list[str] = []  # what each numbered dump holds, in order
DUMP = sys.argv[sys.argv.index("--dump") + 1] if "--dump" in sys.argv else ""

# Where a function lives, by its file's path; the first match wins.
PLACES = (
    ("our code (bot/)", f"{ROOT}/bot/"),
    ("SQLAlchemy ORM (session, loading)", "sqlalchemy/orm/"),
    ("SQLAlchemy asyncio adapter", "sqlalchemy/ext/asyncio/"),
    ("SQLAlchemy compiler/sql", "sqlalchemy/sql/"),
    ("SQLAlchemy engine, pool, dialects", "sqlalchemy/"),
    ("aiosqlite", "aiosqlite/"),
    ("asyncpg", "asyncpg/"),
    ("asyncio", "asyncio/"),
    ("threading, queue", "threading.py"),
    ("threading, queue", "queue.py"),
)


def _place(filename: str) -> str:
    for name, marker in PLACES:
        if marker in filename:
            return name
    if filename.startswith("~") or filename == "":
        return "builtins (select, socket, C calls)"
    return "other Python (stdlib, libraries)"


def _by_place(stats: pstats.Stats, messages: int) -> None:
    totals: dict[str, float] = defaultdict(float)
    raw = stats.stats  # type: ignore[attr-defined]
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in raw.items():
        totals[_place(filename)] += tottime
    whole = sum(totals.values())
    print(f"    own time per message by place ({whole * 1e3 / messages:.2f} ms in all):")
    for name, seconds in sorted(totals.items(), key=lambda item: -item[1]):
        share = 100 * seconds / whole
        print(f"      {seconds * 1e3 / messages:6.3f} ms  {share:5.1f}%  {name}")


def _top(stats: pstats.Stats, key: str) -> None:
    out = io.StringIO()
    stats.stream = out  # type: ignore[attr-defined]
    stats.sort_stats(key).print_stats(TOP)
    lines = out.getvalue().splitlines()
    start = next(n for n, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
    print(f"    top {TOP} by {key}:")
    for line in lines[start : start + TOP + 1]:
        print("      " + line.replace(str(ROOT) + "/", "").replace(sys.prefix, "…"))


async def _profile(
    name: str,
    before: Callable[[], Awaitable[object]] | None,
    send: Callable[[], Awaitable[object]],
    advance: Callable[[], None],
) -> None:
    for _ in range(WARMUP):
        advance()
        if before is not None:
            await before()
            advance()
        await send()
    profiler = cProfile.Profile()
    for _ in range(MESSAGES):
        advance()
        if before is not None:
            await before()
            advance()
        profiler.enable()
        await send()
        profiler.disable()
    stats = pstats.Stats(profiler)
    if DUMP:
        stats.dump_stats(f"{DUMP}-{len(DUMPED)}")
        DUMPED.append(name)
    calls = sum(nc for (_cc, nc, _tt, _ct, _cl) in stats.stats.values())  # type: ignore[attr-defined]
    print(f"\n  {name}: {MESSAGES} messages, {calls / MESSAGES:.0f} Python calls per message")
    _by_place(stats, MESSAGES)
    _top(stats, "cumulative")
    _top(stats, "tottime")


async def _run(backend: str, url: str) -> None:
    async with prepared_app(url) as (app, clock, checkin_id):
        print(f"\n{backend}:")

        def press(answer: str) -> Callable[[], Awaitable[object]]:
            action = f"ci:{checkin_id}:{answer}"
            return lambda: app.router.handle(Incoming(ALICE, PRIVATE, action=action))

        log = Incoming(ALICE, PRIVATE, "/log reps clamshell 10")

        def advance() -> None:
            clock.advance(STEP)

        await _profile("/log 3 challenges", None, lambda: app.router.handle(log), advance)
        await _profile("Done", press("skipped"), press("done"), advance)


def main() -> None:
    """Both backends, profiled."""
    on_both_backends(_run)


if __name__ == "__main__":
    main()
