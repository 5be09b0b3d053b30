"""A sliding-window rate limit per key, fed with times from the injected clock.

`SlidingWindowLimiter` keeps the state in memory: right for one process (SQLite). A fleet on
PostgreSQL shares one window per user through `window_hit` on a stored row
(bot/storage/rate_limits.py), so N processes still allow a user the limit, not N times it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

# Sweeping idle keys costs a pass over the dict, so only do it once it grew this big.
SWEEP_AT_KEYS = 10_000


@dataclass(frozen=True)
class Refusal:
    """A hit over the limit: seconds until one is allowed, and whether to tell the user."""

    wait: float
    first: bool  # the first refusal in this limited window: the one that gets a notice


class CommandLimiter(Protocol):
    """Admits a user's command or says how long to wait (in memory or shared)."""

    async def admit(self, key: tuple[str, str], now: datetime) -> Refusal | None:
        """Record one hit of `key` at `now`; None when allowed."""
        ...


def window_hit(
    hits: Sequence[float], told: float | None, now: float, limit: int, window: float
) -> tuple[list[float], float | None, Refusal | None]:
    """One hit on a stored window (times in seconds): the new hits, the new told, the verdict.

    The same rule as SlidingWindowLimiter: refused hits don't count, one notice per window.
    """
    recent = [hit for hit in hits if hit > now - window]
    if len(recent) < limit:
        return [*recent, now], told, None
    wait = max(recent[0] + window - now, 0.0)
    first = told is None or now - told >= window
    return recent, (now if first else told), Refusal(wait, first)


@dataclass
class SlidingWindowLimiter:
    """At most `limit` accepted hits per key within any `window`; refused hits don't count."""

    limit: int = 20
    window: timedelta = timedelta(minutes=1)
    _hits: dict[Hashable, deque[datetime]] = field(default_factory=dict, repr=False)
    _told: dict[Hashable, datetime] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.limit < 1 or self.window <= timedelta(0):
            raise ValueError("a rate limit needs limit >= 1 and a positive window")

    async def admit(self, key: tuple[str, str], now: datetime) -> Refusal | None:
        """CommandLimiter in memory: `hit`, then `first_refusal` when over the limit."""
        wait = self.hit(key, now)
        return None if wait is None else Refusal(wait, self.first_refusal(key, now))

    def hit(self, key: Hashable, now: datetime) -> float | None:
        """Record one hit; None when allowed, else the seconds until the next one is."""
        hits = self._hits.get(key)
        if hits is None:
            if len(self._hits) >= SWEEP_AT_KEYS:
                self.sweep(now)
            hits = self._hits[key] = deque()
        horizon = now - self.window
        while hits and hits[0] <= horizon:
            hits.popleft()
        if len(hits) >= self.limit:
            return max((hits[0] - horizon).total_seconds(), 0.0)
        hits.append(now)
        return None

    def first_refusal(self, key: Hashable, now: datetime) -> bool:
        """After a refused hit: True when the key was not told in the last window, else False.

        One notice per limited window: the refusals that follow within a window of it are
        meant to pass in silence, however many there are.
        """
        told = self._told.get(key)
        if told is not None and now - told < self.window:
            return False
        self._told[key] = now
        return True

    def sweep(self, now: datetime) -> None:
        """Forget keys with no hit inside the window, so memory follows active users only."""
        horizon = now - self.window
        idle = [key for key, hits in self._hits.items() if not hits or hits[-1] <= horizon]
        for key in idle:
            del self._hits[key]
        for key in [key for key, told in self._told.items() if told <= horizon]:
            del self._told[key]

    def __len__(self) -> int:
        return len(self._hits)
