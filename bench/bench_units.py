"""Whole messages through the router: units of work and latency, this tree against another.

Run from the repository root:  python bench/bench_units.py [BASE_COMMIT] [--runs N]
Prints, for this tree and for BASE_COMMIT (default: the commit before typed commands and the
one context load), per message kind: units of work opened per message, and latency p50/p95
on SQLite, beside a same-run floor (a unit of work with one small read). A Discord /profile
with four options is one call here; before, the Discord adapter sent it as four text lines
(also measured so).
Not a test: timings depend on the machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE_COMMIT = "1f54282"

# Runs inside a child process rooted at either tree, so both are measured alike.
_PROBE = r"""
import asyncio, json, statistics, sys, tempfile, time
from datetime import UTC, datetime, timedelta
from bot.bootstrap import bootstrap
from bot.clock import ManualClock
from bot.settings import Settings
from bot.storage.uow import SqlUnitOfWork
from bot.types import ChatRef, Incoming, Platform, UserRef

RUNS = int(sys.argv[1])
opened = [0]
enter = SqlUnitOfWork.__aenter__
async def counting(self):
    opened[0] += 1
    return await enter(self)
SqlUnitOfWork.__aenter__ = counting
TYPED = "options" in Incoming.__dataclass_fields__
OPTIONS = {"goal": "soften", "equipment": "bands", "level": "beginner", "days": 3}

KINDS = ("/faq what are hip dips?", "/profile goal soften", "/log sessions 1",
         "Discord /profile, 4 options")

def messages(user, chat):
    def text(line):
        return [Incoming(user, chat, text=line)]
    discord = (
        [Incoming(user, chat, text="/profile", options=OPTIONS)] if TYPED
        else [Incoming(user, chat, text=f"/profile {k} {v}") for k, v in OPTIONS.items()]
    )
    return {
        "/faq what are hip dips?": text("/faq what are hip dips?"),
        "/profile goal soften": text("/profile goal soften"),
        "/log sessions 1": text("/log sessions 1"),
        "Discord /profile, 4 options": discord,
    }

async def main():
    folder = tempfile.mkdtemp()
    settings = Settings(database_url=f"sqlite+aiosqlite:///{folder}/bench.db")
    clock = ManualClock(datetime(2026, 3, 2, 9, tzinfo=UTC))
    app = await bootstrap(settings, clock=clock, migrate=True)
    report = {}
    floor = []
    for _ in range(RUNS):
        start = time.perf_counter()
        async with app.uow() as work:
            await work.state.get("bench")
        floor.append(time.perf_counter() - start)
    for number, kind in enumerate(KINDS):
        user = UserRef(Platform.DISCORD, str(900 + number), "bench")
        chat = ChatRef(Platform.DISCORD, str(900 + number), "private")
        batch = messages(user, chat)[kind]
        for incoming in batch:  # first contact and the disclaimer are not what is measured
            await app.router.handle(incoming)
        times, counts = [], []
        for _ in range(RUNS):
            clock.advance(timedelta(seconds=20))  # keeps four lines a run under the rate limit
            opened[0] = 0
            start = time.perf_counter()
            for incoming in batch:
                await app.router.handle(incoming)
            times.append(time.perf_counter() - start)
            counts.append(opened[0])
        report[kind] = {"units": statistics.mean(counts), "times": times}
    report["floor: a unit of work, one read"] = {"units": 1, "times": floor}
    await app.aclose()
    print(json.dumps(report))

asyncio.run(main())
"""


def measure(tree: Path, runs: int) -> dict[str, dict[str, object]]:
    """Run the probe with `tree` first on the import path."""
    code = f"import sys; sys.path.insert(0, {str(tree)!r})\n" + _PROBE
    done = subprocess.run(
        [sys.executable, "-c", code, str(runs)], capture_output=True, text=True, check=True
    )
    result: dict[str, dict[str, object]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def percentile(times: list[float], share: float) -> float:
    """The value below which `share` of the sorted times fall, in milliseconds."""
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def main() -> None:
    """Measure both trees and print them side by side."""
    args = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 200
    base = args[0] if args and args[0] != str(runs) else BASE_COMMIT
    with tempfile.TemporaryDirectory() as folder:
        archive = subprocess.run(
            ["git", "archive", base], cwd=ROOT, capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", folder], input=archive.stdout, check=True)
        before = measure(Path(folder), runs)
    after = measure(ROOT, runs)
    print(f"{'message':34} {'units before':>12} {'after':>6}   p50/p95 ms before   after")
    for kind, now in after.items():
        then = before[kind]
        old = f"{percentile(then['times'], 0.5):.2f}/{percentile(then['times'], 0.95):.2f}"  # type: ignore[arg-type]
        new = f"{percentile(now['times'], 0.5):.2f}/{percentile(now['times'], 0.95):.2f}"  # type: ignore[arg-type]
        print(f"{kind:34} {then['units']:>12} {now['units']:>6}   {old:>17} {new:>7}")


if __name__ == "__main__":
    main()
