"""SIGTERM to the elected dispatcher mid-dispatch: nothing is lost, nothing is sent twice.

Two real `python -m bot run` processes on PostgreSQL, the fake Bot API at Telegram's 30
messages a second. The leader gets SIGTERM with more due than it could send in the stop's
10 s grace, while one of its sends hangs on the network: it must claim nothing more, finish
the batch on the wire and give up leadership, so the other process sends the rest. A stop
used to cancel the running dispatch at once (the scheduler's shutdown cancels its jobs):
the message on the wire was put back in the queue and went out a second time.
"""

from __future__ import annotations

import asyncio
import signal
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.checkins.processes import (
    LEADING,
    log_of,
    start_pair,
    stop_all,
    wait_for,
)
from tests.checkins.support import statuses
from tests.fleet.support import delivered
from tests.telegram.fake_bot_api import FakeBotApi

ATHLETES = 400  # ~13 s at 30/s: more than the stop's 10 s grace after the SIGTERM
SEND_RATE = 30
ON_THE_WIRE = 7_000_020  # in the first claim batch (30)


def _arrived(fake: FakeBotApi) -> set[int]:
    return {call.chat_id for call in fake.calls_to("sendMessage")}


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_sigterm_mid_dispatch_sends_every_checkin_exactly_once(
    migrated_url: str, tmp_path: Path
) -> None:
    fake, processes = await start_pair(migrated_url, tmp_path, ATHLETES, SEND_RATE)
    names = tuple(processes)
    released = fake.held[ON_THE_WIRE] = asyncio.Event()  # this send hangs until released
    try:
        await wait_for("a send on the wire", lambda: ON_THE_WIRE in _arrived(fake), 120)
        [leader] = [name for name in names if LEADING in log_of(tmp_path, name)]
        follower = next(name for name in names if name != leader)
        processes[leader].send_signal(signal.SIGTERM)
        stopping = time.monotonic()
        await asyncio.sleep(1.5)
        released.set()  # the answer comes back after the stop began
        assert await asyncio.to_thread(processes[leader].wait, 30) == 0
        stopped_after, sent_by_then = time.monotonic() - stopping, len(delivered(fake))
        assert sent_by_then < ATHLETES  # the stop came in the middle of dispatch
        await wait_for("every athlete", lambda: len(set(delivered(fake))) == ATHLETES, 60)
        await asyncio.sleep(1.0)  # a duplicate still to come would come now
        processes[follower].send_signal(signal.SIGTERM)
        assert await asyncio.to_thread(processes[follower].wait, 30) == 0
    finally:
        stop_all(*processes.values())
        await fake.close()
    received = Counter(delivered(fake))
    duplicates = sum(received.values()) - len(received)
    print(
        f"\nleader stopped {stopped_after:.1f} s after SIGTERM with {sent_by_then} sent; "
        f"sent twice {duplicates}"
    )
    assert LEADING in log_of(tmp_path, follower)
    assert len(received) == ATHLETES and duplicates == 0
    assert await statuses(migrated_url) == {"sent": ATHLETES}
