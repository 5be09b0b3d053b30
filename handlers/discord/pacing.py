"""Discord's global request budget (50 a second) on top of discord.py's per-route buckets.

discord.py reads each route's bucket headers, waits when a bucket is empty, and sleeps out a
429 before trying again; it does not spread a burst over the global budget. `pace_requests`
puts every REST request through a bot-wide `Gate` first, except interaction callbacks and
followups, which Discord leaves out of the global limit. Requests made inside `bulk()` (the
core's DMs and channel posts) wait behind everything else, so answers to users go first.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from discord.http import HTTPClient, Route

from handlers.pacing import Budget, Gate

GLOBAL_LIMIT = 50  # requests a second, bot-wide
EXEMPT = ("/interactions/", "/webhooks/")  # interaction endpoints: not in the global limit
_BULK: ContextVar[bool] = ContextVar("hipcoach_discord_bulk", default=False)


def discord_budget(per_second: int = GLOBAL_LIMIT, second: float = 1.0) -> Budget:
    """Discord's global budget (a 1% margin); `second` shrinks time for tests."""
    return Budget(per_second, second, margin=0.01, transit=0.5)  # a network delay: not scaled


@contextlib.contextmanager
def bulk() -> Iterator[None]:
    """Requests made inside this block are core-initiated: they wait behind the others."""
    token = _BULK.set(True)
    try:
        yield
    finally:
        _BULK.reset(token)


def pace_requests(http: HTTPClient, gate: Gate) -> None:
    """Make every REST request of this client wait for its turn at the gate."""
    original = http.request

    async def request(route: Route, **kwargs: Any) -> Any:
        if route.path.startswith(EXEMPT):
            return await original(route, **kwargs)
        async with gate.turn(bulk=_BULK.get()):  # counted until Discord has answered
            return await original(route, **kwargs)

    http.request = request  # type: ignore[method-assign]
