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
from pathlib import Path

import pytest

from bot.checkins.dispatch import LEASE
from tests.checkins.processes import (
    BATCH_SECONDS,
    LEADING,
    TOKEN,
    delivered,
    log_of,
    logged_at,
    start_bot_process,
    start_pair,
    stop_all,
    wait_for,
)
from tests.checkins.support import all_sent, statuses
from tests.telegram.fake_bot_api import FakeBotApi

ATHLETES = 150
SEND_RATE = 30  # what the fake Bot API lets through anyway (Telegram's bot-wide limit)
BATCH = int(SEND_RATE * BATCH_SECONDS)  # what one claim takes at most


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_the_follower_takes_over_a_killed_leader_within_seconds(
    migrated_url: str, tmp_path: Path
) -> None:
    fake, processes = await start_pair(migrated_url, tmp_path, ATHLETES, SEND_RATE)
    names = tuple(processes)
    try:
        await wait_for("the first sends", lambda: len(delivered(fake)) >= BATCH + BATCH // 2, 120)
        leaders = [name for name in names if LEADING in log_of(tmp_path, name)]
        assert len(leaders) == 1, leaders  # exactly one process sends the bulk work
        leader = leaders[0]
        follower = next(name for name in names if name != leader)
        killed_wall = time.time()
        processes[leader].send_signal(signal.SIGKILL)
        processes[leader].wait(10)
        killed_at, before_kill = time.monotonic(), len(delivered(fake))
        assert before_kill < ATHLETES  # killed in the middle of dispatch
        await wait_for("the follower to lead", lambda: LEADING in log_of(tmp_path, follower), 30)
        takeover = logged_at(log_of(tmp_path, follower), LEADING) - killed_wall
        await wait_for("the follower's first send", lambda: len(delivered(fake)) > before_kill, 30)
        first_send = time.monotonic() - killed_at
        # Every rest is sent well before the dead leader's leases would have run out.
        within = LEASE.total_seconds() - 10
        await wait_for("every athlete", lambda: len(set(delivered(fake))) == ATHLETES, within)
        finished = time.monotonic() - killed_at
        await wait_for(
            "every check-in recorded as sent", lambda: all_sent(migrated_url, ATHLETES), 60
        )
        await asyncio.sleep(1.0)  # anything still to come (a duplicate) would come now
        processes[follower].send_signal(signal.SIGTERM)
        assert processes[follower].wait(30) == 0
    finally:
        stop_all(*processes.values())
        await fake.close()
    received = Counter(delivered(fake))
    duplicates = sum(received.values()) - len(received)
    print(
        f"\nleader killed after {before_kill} sends; takeover (kill to the follower leading) "
        f"{takeover:.2f} s, first send after {first_send:.2f} s, all sent {finished:.2f} s "
        f"after the kill; "
        f"sent twice {duplicates} (one claim batch is {BATCH})"
    )
    assert LEADING in log_of(tmp_path, follower)
    assert "claimed by a dispatcher that stopped" in log_of(tmp_path, follower)
    assert takeover <= 5.0
    assert len(received) == ATHLETES and duplicates <= BATCH
    assert await statuses(migrated_url) == {"sent": ATHLETES}


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_second_process_on_the_same_sqlite_file_refuses_to_start(
    migrated_url: str, tmp_path: Path
) -> None:
    fake = FakeBotApi(TOKEN)
    api = await fake.start()
    first = start_bot_process(migrated_url, api, tmp_path, "first")
    try:
        await wait_for(
            "the first to run", lambda: "scheduler started" in log_of(tmp_path, "first"), 60
        )
        second = start_bot_process(migrated_url, api, tmp_path, "second")
        assert second.wait(60) == 2
        refusal = log_of(tmp_path, "second").strip().splitlines()[-1]
        assert first.poll() is None  # the first one is untouched
        first.send_signal(signal.SIGTERM)
        assert first.wait(30) == 0
    finally:
        stop_all(first)
        await fake.close()
    assert refusal.startswith("hipcoach: another hipcoach process is already running on ")
    assert "test.db" in refusal and "use PostgreSQL" in refusal
