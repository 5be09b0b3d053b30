"""One lane per key (a user): work for the same key runs one after another, others at once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Hashable
from contextlib import asynccontextmanager


class Lanes:
    """Keyed locks that are forgotten as soon as nobody holds or waits for them."""

    def __init__(self) -> None:
        self._lanes: dict[Hashable, tuple[asyncio.Lock, int]] = {}  # key -> (lock, users)

    @asynccontextmanager
    async def hold(self, key: Hashable) -> AsyncIterator[None]:
        """Wait until earlier work for `key` has finished, then run the block."""
        lock, users = self._lanes.get(key, (asyncio.Lock(), 0))
        self._lanes[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._lanes[key]
            if users == 1:
                del self._lanes[key]  # nobody else queued: forget the lane
            else:
                self._lanes[key] = (lock, users - 1)

    def busy(self, key: Hashable) -> bool:
        """Whether work for `key` is running or waiting."""
        return key in self._lanes
