"""Discord's global rate limit as the fake enforces it: 50 requests in any rolling second.

Interaction callbacks and followups are outside the global limit, as on Discord. Beyond the
limit the fake answers 429 like Discord: a JSON body with `retry_after` (seconds, fractional)
and `global: true`, and the usual headers (Retry-After, X-RateLimit-Global, -Scope, Via).
"""

from __future__ import annotations

import json
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from aiohttp import web

EXEMPT = ("/interactions/", "/webhooks/")


@dataclass
class GlobalLimit:
    """The fake's bot-wide request counter."""

    per_second: int = 50
    second: float = 1.0
    clock: Callable[[], float] = time.monotonic
    accepted: list[float] = field(default_factory=list)
    refused: list[float] = field(default_factory=list)
    _recent: deque[float] = field(default_factory=deque)

    def admit(self, path: str) -> web.Response | None:
        """Count a REST request (path after /api/v10); a 429 response when over the limit."""
        if path.startswith(EXEMPT):
            return None
        now = self.clock()
        while self._recent and self._recent[0] <= now - self.second:
            self._recent.popleft()
        if len(self._recent) < self.per_second:
            self._recent.append(now)
            self.accepted.append(now)
            return None
        self.refused.append(now)
        return rate_limited(self._recent[0] + self.second - now)

    def most_in(self, window: float) -> int:
        """The most accepted requests inside any rolling `window`."""
        most, first = 0, 0
        for last, moment in enumerate(self.accepted):
            while moment - self.accepted[first] >= window:
                first += 1
            most = max(most, last - first + 1)
        return most


def rate_limited(retry_after: float, *, is_global: bool = True) -> web.Response:
    """A 429 the way Discord words it."""
    retry_after = round(max(retry_after, 0.001), 3)
    body: dict[str, object] = {
        "message": "You are being rate limited.",
        "retry_after": retry_after,
        "global": is_global,
    }
    headers = {
        "Content-Type": "application/json",
        "Retry-After": str(math.ceil(retry_after)),
        "X-RateLimit-Global": "true" if is_global else "false",
        "X-RateLimit-Scope": "global" if is_global else "user",
        "Via": "1.1 google",  # discord.py takes a 429 without it for a Cloudflare ban
    }
    return web.Response(body=json.dumps(body).encode(), status=429, headers=headers)
