"""Telegram's flood limits as the fake Bot API enforces them: rolling windows, 429 beyond.

Counted at arrival, like a server would: every new message or edit bot-wide (more than
`per_second` in any rolling second is refused), new messages per private chat (more than
`per_private_chat` back to back within a second) and per group (more than `per_group` in any
rolling minute). Refused requests do not count. `second` shrinks time for fast tests.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

COUNTED = ("send", "edit")  # method prefixes that put a message in a chat
NEW_MESSAGE = "send"


@dataclass(frozen=True)
class FloodRules:
    """What the fake refuses; the defaults are Telegram's published limits."""

    per_second: int = 30
    per_private_chat: int = 2
    per_group: int = 20  # a minute
    second: float = 1.0


@dataclass(frozen=True)
class Refusal:
    """One 429 the fake answered."""

    method: str
    chat: int | str
    at: float
    retry_after: float


@dataclass
class FloodControl:
    """The fake server's counters."""

    rules: FloodRules = field(default_factory=FloodRules)
    clock: Callable[[], float] = time.monotonic
    refused: list[Refusal] = field(default_factory=list)
    accepted: list[tuple[float, int | str]] = field(default_factory=list)  # (moment, chat)
    _bot: deque[float] = field(default_factory=deque)
    _chats: dict[int | str, deque[float]] = field(default_factory=dict)

    def admit(self, method: str, chat: int | str) -> float | None:
        """Count the request and return None, or refuse it: the retry_after to answer."""
        if not method.startswith(COUNTED):
            return None
        now, rules = self.clock(), self.rules
        wait = _wait(self._bot, now, rules.per_second, rules.second)
        times = self._chats.setdefault(chat, deque())
        if method.startswith(NEW_MESSAGE):
            private = isinstance(chat, int) and chat > 0
            limit, window = (
                (rules.per_private_chat, rules.second)
                if private
                else (rules.per_group, 60 * rules.second)
            )
            wait = max(wait, _wait(times, now, limit, window))
        if wait > 0:
            # Telegram answers whole seconds, at least one.
            retry_after = max(1, math.ceil(wait / rules.second)) * rules.second
            self.refused.append(Refusal(method, chat, now, retry_after))
            return retry_after
        self._bot.append(now)
        if method.startswith(NEW_MESSAGE):
            times.append(now)
        self.accepted.append((now, chat))
        return None

    def most_in(self, window: float, chat: int | str | None = None) -> int:
        """The most accepted messages (to `chat`, or bot-wide) inside any rolling `window`."""
        moments = [at for at, to in self.accepted if chat is None or to == chat]
        most, first = 0, 0
        for last, moment in enumerate(moments):
            while moment - moments[first] >= window:
                first += 1
            most = max(most, last - first + 1)
        return most


def _wait(times: deque[float], now: float, limit: int, window: float) -> float:
    """Seconds until one more fits in the rolling window (0 when it fits now)."""
    while times and times[0] <= now - window:
        times.popleft()
    return times[0] + window - now if len(times) >= limit else 0.0
