"""Send pacing shared by the platform adapters: a bot-wide gate and per-chat rolling windows.

Platforms count what a bot sends in rolling windows (Telegram: 30 messages in any second
bot-wide, about one a second per private chat, 20 a minute per group; Discord: 50 requests a
second). A leaky bucket that starts full lets a whole bucket out at once and then keeps
dripping, so the first second of a burst carries nearly two seconds' worth. Here the count is
kept in the window itself: at most `limit` sends in any rolling window, evenly spaced inside
it, replies to users before bulk sends, and nothing at all while the platform's retry-after
holds.

The platform counts a request when it arrives, which is some time after it left: a request
held up on the way would land in the same window as one sent a full window later. So a send
counts from when the platform has surely seen it, its answer, or at most `transit` seconds
after it left when the answer is slow; the next send that needs its place waits a window
from then. Network jitter cannot push two windows' sends into one.

A fleet shares the bot-wide budget: given `shared` (bot/storage/rate_limits.py), each send
granted here also reserves the next bot-wide slot, one per `spacing`, across every process,
and waits for it. Without the database it falls back to this process's own pacing.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
import math
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]
Reserve = Callable[[float], Awaitable[float]]  # spacing -> seconds until the reserved slot

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Budget:
    """At most `limit` sends in any rolling `window` seconds.

    `margin` widens the window by that fraction; `transit` is the longest a request is taken
    to need to reach the platform when its answer is slower than that.
    """

    limit: int
    window: float
    margin: float = 0.0
    transit: float = 0.5

    def __post_init__(self) -> None:
        if self.limit < 1 or self.window <= 0 or self.margin < 0 or self.transit < 0:
            raise ValueError("a send budget needs limit >= 1, a positive window, margin >= 0")

    @property
    def span(self) -> float:
        """The window as enforced here."""
        return self.window * (1 + self.margin)

    @property
    def spacing(self) -> float:
        """The least time between two sends, so a window is never spent at once."""
        return self.window / self.limit

    @property
    def rate(self) -> float:
        """Sustained sends per second, at best (each window also waits for answers)."""
        return self.limit / self.span


class Slot:
    """One send's place in a window, counted from when the platform has surely seen it."""

    __slots__ = ("_clock", "_transit", "at")

    def __init__(self, sent: float, transit: float, clock: Clock) -> None:
        self.at = sent + transit  # until answered: it may still be on its way
        self._clock = clock
        self._transit = transit

    def restart(self) -> None:
        """The send leaves only now (it waited for the fleet's slot): count it from now."""
        self.at = self._clock() + self._transit

    def settle(self) -> None:
        """The platform answered (or refused): the request had arrived by now."""
        self.at = min(self.at, self._clock())


class RollingWindow:
    """The last `limit` sends' slots; says when one more fits into the window."""

    def __init__(self, budget: Budget, clock: Clock = time.monotonic) -> None:
        self._slots: deque[Slot] = deque(maxlen=budget.limit)
        self._span = budget.span
        self._transit = budget.transit
        self._clock = clock
        self.held_until = -math.inf

    def free_at(self) -> float:
        """The earliest moment another send stays within the limit (and past any hold)."""
        full = len(self._slots) == self._slots.maxlen
        return max(self._slots[0].at + self._span if full else -math.inf, self.held_until)

    def take(self) -> Slot:
        """Count a send leaving now; settle the slot when the platform answers."""
        slot = Slot(self._clock(), self._transit, self._clock)
        self._slots.append(slot)
        return slot

    def hold(self, until: float) -> None:
        """Nothing goes out before `until` (the platform said to retry after it)."""
        self.held_until = max(self.held_until, until)

    def idle(self, now: float) -> bool:
        """True when forgetting this window changes nothing."""
        latest = max((slot.at for slot in self._slots), default=-math.inf)
        return latest + self._span <= now and self.held_until <= now


class Gate:
    """Lets sends out one at a time within a Budget: evenly spaced, replies before bulk."""

    def __init__(
        self,
        budget: Budget,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        shared: Reserve | None = None,
    ) -> None:
        self.budget = budget
        self._shared = shared
        self._shared_failing = False
        self._window = RollingWindow(budget, clock)
        self._clock = clock
        self._sleep = sleep
        self._waiting: list[tuple[bool, int, asyncio.Future[Slot]]] = []
        self._order = itertools.count()
        self._pump: asyncio.Task[None] | None = None
        self._due = -math.inf  # when the next send is due by the even spacing
        self.granted = 0

    def free_at(self) -> float:
        """When the next send may go: room in the window, the spacing, and no hold."""
        return max(self._window.free_at(), self._due)

    def hold(self, seconds: float) -> None:
        """Let nothing out for `seconds` from now."""
        self._window.hold(self._clock() + seconds)

    @asynccontextmanager
    async def turn(self, *, bulk: bool = False) -> AsyncIterator[None]:
        """Wait for the turn, send inside the block; leaving it means the platform answered."""
        slot = await self.acquire(bulk=bulk)
        try:
            yield
        finally:
            slot.settle()

    async def acquire(self, *, bulk: bool = False) -> Slot:
        """Wait for this send's turn (bulk sends wait behind every waiting reply)."""
        if not self._waiting and self.free_at() <= self._clock():
            return await self._fleet_turn(self._grant())
        turn: asyncio.Future[Slot] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (bulk, next(self._order), turn))
        if self._pump is None or self._pump.done():
            self._pump = asyncio.create_task(self._let_out(), name="send-pacing")
        return await self._fleet_turn(await turn)  # cancelled waiting: the pump skips it

    async def _fleet_turn(self, slot: Slot) -> Slot:
        """With a shared budget, also wait for the fleet's next bot-wide slot."""
        if self._shared is None:
            return slot
        try:
            wait = await self._shared(self.budget.spacing)
        except Exception:
            if not self._shared_failing:
                log.warning("shared send budget unavailable: pacing alone", exc_info=True)
            self._shared_failing = True
            return slot
        self._shared_failing = False
        if wait > 0:
            await self._sleep(wait)
            slot.restart()
        return slot

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
                turn.set_result(self._grant())

    def _grant(self) -> Slot:
        now = self._clock()
        self.granted += 1
        # Keep to the schedule when this send went out a little late (a busy event loop), so
        # lateness is not added to every gap; after a longer pause start the schedule anew.
        on_time = now - self._due <= self.budget.spacing / 2
        self._due = (self._due if on_time else now) + self.budget.spacing
        return self._window.take()
