"""The dispatcher election's takeover time on PostgreSQL: how long a fleet has no leader.

Usage: bench_takeover.py postgresql+asyncpg://... (or HIPCOACH_BENCH_PG_URL); any database
will do (only advisory locks are taken). Two processes run the real election
(bot/services/leadership.py, polling every POLL_SECONDS); the leader is stopped and the time
until the follower leads is measured, ROUNDS times each way:
  - kill -9: the server drops the dead process's lock, the follower's next try wins;
  - baseline, SIGTERM: the leader releases the lock itself (the best case: only the poll).
The target is <= 5 s after a kill -9. Before leader election, a dead dispatcher's claims
waited for their lease to end (45 s) unless its holder was known dead.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROUNDS = 10
KEY = 0x68697063_00B3  # any key: the bench's own election


async def _child(url: str) -> None:
    """One process's election; prints 'ready' and then 'leader <wall time>' when it wins."""
    from bot.clock import SystemClock
    from bot.services.leadership import POLL_SECONDS, Leadership
    from bot.storage import create_engine_for
    from bot.storage.leader import SqlLeaderLock

    engine = create_engine_for(url)
    leadership = Leadership(SqlLeaderLock(engine, KEY), SystemClock())
    leadership.on_change(lambda won: won and print(f"leader {time.time()}", flush=True))
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await leadership.poll()
    print("ready", flush=True)
    while not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), POLL_SECONDS)
        except TimeoutError:
            await leadership.poll()
    await leadership.close()
    await engine.dispose()


def _spawn(url: str) -> tuple[subprocess.Popen[str], bool]:
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", url],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    led = False
    while (line := process.stdout.readline().strip()) != "ready":
        led = led or line.startswith("leader")  # the first process leads at once
    return process, led


def _leader_line(process: subprocess.Popen[str]) -> float:
    assert process.stdout is not None
    while True:
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("the follower exited before leading")
        if line.startswith("leader"):
            return float(line.split()[1])


def _round(url: str, how: signal.Signals) -> float:
    """Start a leader and a follower, stop the leader, return seconds until the follower leads."""
    leader, led = _spawn(url)
    if not led:  # the previous round's lock was not dropped yet: it leads at its next poll
        _leader_line(leader)
    follower, _ = _spawn(url)
    try:
        time.sleep(random.uniform(0.0, 1.0))  # anywhere inside the follower's poll interval
        stopped = time.time()
        leader.send_signal(how)
        leader.wait(10)
        return _leader_line(follower) - stopped
    finally:
        for process in (leader, follower):
            if process.poll() is None:
                process.kill()
            process.wait(10)


def main() -> None:
    """Print takeover times after kill -9 and, as the baseline, after a graceful stop."""
    url = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("HIPCOACH_BENCH_PG_URL")
    if not url or not url.startswith("postgresql"):
        sys.exit("usage: bench_takeover.py postgresql+asyncpg://user@host:port/database")
    for name, how in (("kill -9", signal.SIGKILL), ("SIGTERM (baseline)", signal.SIGTERM)):
        times = [_round(url, how) for _ in range(ROUNDS)]
        print(
            f"takeover after {name:<18}: median {statistics.median(times):.2f} s, "
            f"max {max(times):.2f} s over {ROUNDS} rounds "
            f"({', '.join(f'{t:.2f}' for t in times)})"
        )


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        asyncio.run(_child(sys.argv[2]))
    else:
        main()
