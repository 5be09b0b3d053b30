"""Virtual time for pacing tests: sleeps end in order, instantly, once every task waits."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Awaitable
from typing import Any


class VirtualTime:
    """A clock and a sleep to inject; `run` drives tasks, jumping to the next wake-up."""

    def __init__(self, start: float = 100.0) -> None:
        self.now = start
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def clock(self) -> float:
        """The current virtual moment."""
        return self.now

    async def sleep(self, seconds: float) -> None:
        """Wait until virtual time has moved `seconds` on."""
        wake: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + max(seconds, 0.0), next(self._order), wake))
        await wake

    async def run(self, *work: Awaitable[Any]) -> list[Any]:
        """Run the coroutines to the end; time only moves when all of them are waiting."""
        tasks = [asyncio.ensure_future(item) for item in work]
        while True:
            for _ in range(50):  # let every runnable task reach its next wait
                await asyncio.sleep(0)
            if all(task.done() for task in tasks):
                return [task.result() for task in tasks]
            if not self._sleepers:
                raise RuntimeError("every task waits, and not on time")
            moment, _, wake = heapq.heappop(self._sleepers)
            self.now = max(self.now, moment)
            if not wake.done():
                wake.set_result(None)


def most_in(moments: list[float], window: float) -> int:
    """The most moments inside any rolling `window` (half-open, like a server counts)."""
    ordered = sorted(moments)
    most, first = 0, 0
    for last, moment in enumerate(ordered):
        while moment - ordered[first] >= window:
            first += 1
        most = max(most, last - first + 1)
    return most
