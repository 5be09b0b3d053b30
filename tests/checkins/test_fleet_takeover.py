"""Real `python -m bot run` processes: one elected dispatcher per token, taken over on kill -9.

PostgreSQL: two processes with one Telegram token against the fake Bot API; only the
elected one sends; SIGKILL it mid-dispatch and the other must take over within 5 s and send
the rest without waiting for the dead one's leases (45 s). SQLite: a second process on the
same file refuses to start, in one line.
"""

from __future__ import annotations

import asyncio
import signal
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.services.dispatch import LEASE
from tests.checkins.support import seed_due, statuses
from tests.checkins.test_kill import BATCH_SECONDS, TOKEN, _sent, _start, _stop, _wait
from tests.telegram.fake_bot_api import FakeBotApi

ATHLETES = 150
SEND_RATE = 30  # what the fake Bot API lets through anyway (Telegram's bot-wide limit)
BATCH = int(SEND_RATE * BATCH_SECONDS)  # what one claim takes at most
LEADING = "leading dispatch"


def _log(folder: Path, name: str) -> str:
    return (folder / f"{name}.log").read_text(errors="replace")


def _logged_at(log: str, message: str) -> float:
    """The wall-clock time of the first log line with `message` (the log's own timestamp)."""
    line = next(line for line in log.splitlines() if message in line)
    stamp = datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f").astimezone()
    return stamp.timestamp()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_the_follower_takes_over_a_killed_leader_within_seconds(
    migrated_url: str, tmp_path: Path
) -> None:
    await seed_due(
        migrated_url, ATHLETES, datetime.now(UTC) - timedelta(seconds=30), user_ids="7{:06d}"
    )
    fake = FakeBotApi(TOKEN)
    api = await fake.start()
    names = ("a", "b")
    processes = {name: _start(migrated_url, api, tmp_path, name, SEND_RATE) for name in names}
    try:
        await _wait("the first sends", lambda: len(_sent(fake)) >= BATCH + BATCH // 2, 120)
        leaders = [name for name in names if LEADING in _log(tmp_path, name)]
        assert len(leaders) == 1, leaders  # exactly one process sends the bulk work
        leader = leaders[0]
        follower = next(name for name in names if name != leader)
        killed_wall = time.time()
        processes[leader].send_signal(signal.SIGKILL)
        processes[leader].wait(10)
        killed_at, before_kill = time.monotonic(), len(_sent(fake))
        assert before_kill < ATHLETES  # killed in the middle of dispatch
        await _wait("the follower to lead", lambda: LEADING in _log(tmp_path, follower), 30)
        takeover = _logged_at(_log(tmp_path, follower), LEADING) - killed_wall
        await _wait("the follower's first send", lambda: len(_sent(fake)) > before_kill, 30)
        first_send = time.monotonic() - killed_at
        # Every rest is sent well before the dead leader's leases would have run out.
        within = LEASE.total_seconds() - 10
        await _wait("every athlete", lambda: len(set(_sent(fake))) == ATHLETES, within)
        finished = time.monotonic() - killed_at
        await asyncio.sleep(1.0)  # anything still to come (a duplicate) would come now
        processes[follower].send_signal(signal.SIGTERM)
        assert processes[follower].wait(30) == 0
    finally:
        _stop(*processes.values())
        await fake.close()
    received = Counter(_sent(fake))
    duplicates = sum(received.values()) - len(received)
    print(
        f"\nleader killed after {before_kill} sends; takeover (kill to the follower leading) "
        f"{takeover:.2f} s, first send after {first_send:.2f} s, all sent {finished:.2f} s "
        f"after the kill; "
        f"sent twice {duplicates} (one claim batch is {BATCH})"
    )
    assert LEADING in _log(tmp_path, follower)
    assert "claimed by a dispatcher that stopped" in _log(tmp_path, follower)
    assert takeover <= 5.0
    assert len(received) == ATHLETES and duplicates <= BATCH
    assert await statuses(migrated_url) == {"sent": ATHLETES}


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_second_process_on_the_same_sqlite_file_refuses_to_start(
    migrated_url: str, tmp_path: Path
) -> None:
    fake = FakeBotApi(TOKEN)
    api = await fake.start()
    first = _start(migrated_url, api, tmp_path, "first")
    try:
        await _wait("the first to run", lambda: "scheduler started" in _log(tmp_path, "first"), 60)
        second = _start(migrated_url, api, tmp_path, "second")
        assert second.wait(60) == 2
        refusal = _log(tmp_path, "second").strip().splitlines()[-1]
        assert first.poll() is None  # the first one is untouched
        first.send_signal(signal.SIGTERM)
        assert first.wait(30) == 0
    finally:
        _stop(first)
        await fake.close()
    assert refusal.startswith("hipcoach: another hipcoach process is already running on ")
    assert "test.db" in refusal and "use PostgreSQL" in refusal
