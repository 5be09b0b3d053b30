"""Send pacing shared by the platform adapters: a bot-wide gate and per-chat rolling windows.

Platforms count what a bot sends in rolling windows (Telegram: 30 messages in any second
bot-wide, about one a second per private chat, 20 a minute per group; Discord: 50 requests a
second). A leaky bucket that starts full lets a whole bucket out at once and then keeps
dripping, so the first second of a burst carries nearly two seconds' worth. Here the count is
kept in the window itself: at most `limit` sends in any rolling window (made a little longer
by a safety margin against network jitter), evenly spaced inside it, replies to users before
bulk sends, and nothing at all while the platform's retry-after holds.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class Budget:
    """At most `limit` sends in any rolling `window` seconds; `margin` widens the window."""

    limit: int
    window: float
    margin: float = 0.03

    def __post_init__(self) -> None:
        if self.limit < 1 or self.window <= 0 or self.margin < 0:
            raise ValueError("a send budget needs limit >= 1, a positive window, margin >= 0")

    @property
    def span(self) -> float:
        """The window as enforced here: a little longer than the platform's."""
        return self.window * (1 + self.margin)

    @property
    def spacing(self) -> float:
        """The least time between two sends, so a window is never spent at once."""
        return self.window / self.limit

    @property
    def rate(self) -> float:
        """Sustained sends per second."""
        return self.limit / self.span


class RollingWindow:
    """The moments of the last `limit` sends; says when one more fits into the window."""

    def __init__(self, budget: Budget) -> None:
        self._times: deque[float] = deque(maxlen=budget.limit)
        self._span = budget.span
        self.held_until = -math.inf

    def free_at(self) -> float:
        """The earliest moment another send stays within the limit (and past any hold)."""
        full = len(self._times) == self._times.maxlen
        return max(self._times[0] + self._span if full else -math.inf, self.held_until)

    def record(self, at: float) -> None:
        """Count a send made at `at` (moments only ever grow)."""
        self._times.append(at)

    def hold(self, until: float) -> None:
        """Nothing goes out before `until` (the platform said to retry after it)."""
        self.held_until = max(self.held_until, until)

    @property
    def last(self) -> float:
        """The moment of the latest send; -inf before the first."""
        return self._times[-1] if self._times else -math.inf

    def idle(self, now: float) -> bool:
        """True when forgetting this window changes nothing."""
        return self.last + self._span <= now and self.held_until <= now


class Gate:
    """Lets sends out one at a time within a Budget: evenly spaced, replies before bulk."""

    def __init__(
        self, budget: Budget, *, clock: Clock = time.monotonic, sleep: Sleep = asyncio.sleep
    ) -> None:
        self.budget = budget
        self._window = RollingWindow(budget)
        self._clock = clock
        self._sleep = sleep
        self._waiting: list[tuple[bool, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._pump: asyncio.Task[None] | None = None
        self.granted = 0

    def free_at(self) -> float:
        """When the next send may go: room in the window, the spacing, and no hold."""
        return max(self._window.free_at(), self._window.last + self.budget.spacing)

    def hold(self, seconds: float) -> None:
        """Let nothing out for `seconds` from now."""
        self._window.hold(self._clock() + seconds)

    async def acquire(self, *, bulk: bool = False) -> None:
        """Wait for this send's turn; bulk sends wait behind every waiting reply."""
        if not self._waiting and self.free_at() <= self._clock():
            self._grant()
            return
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (bulk, next(self._order), turn))
        if self._pump is None or self._pump.done():
            self._pump = asyncio.create_task(self._let_out(), name="send-pacing")
        await turn  # cancelled while waiting: the pump skips this turn

    async def close(self) -> None:
        """Stop letting sends out (at shutdown); waiters are cancelled."""
        for *_, turn in self._waiting:
            turn.cancel()
        self._waiting.clear()
        if self._pump is not None:
            self._pump.cancel()
            await asyncio.gather(self._pump, return_exceptions=True)
            self._pump = None

    async def _let_out(self) -> None:
        while self._waiting:
            wait = self.free_at() - self._clock()
            if wait > 0:
                await self._sleep(wait)
                continue
            *_, turn = heapq.heappop(self._waiting)
            if not turn.done():
                self._grant()
                turn.set_result(None)

    def _grant(self) -> None:
        self._window.record(self._clock())
        self.granted += 1
