"""Concurrent update handling that keeps each user's own updates in order."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Hashable
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from typing import Any, Protocol

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.ports import UserLocks
from bot.ports.metrics import Metrics
from handlers.lanes import Lanes


class UpdateLanes(Protocol):
    """Per-key ordering; `handlers.lanes.Lanes` orders within this process.

    The seam for ordering across processes (webhooks behind a load balancer): an
    implementation whose `hold` also takes a per-user lock shared by the fleet (an
    advisory lock in PostgreSQL) can be passed to `PerUserUpdateProcessor` instead.
    """

    def hold(self, key: Hashable) -> AbstractAsyncContextManager[None]:
        """Wait until earlier work for `key` has finished, then run the block."""
        ...


class FleetLanes:
    """Per-user order across the processes of a fleet (webhook mode on PostgreSQL).

    The webhook receiver calls `admit` before it answers Telegram: the user's lane in this
    process, then the user's lock shared by the fleet, are taken there. So once an update
    is acknowledged its process holds the user's lock, and the user's next update, whichever
    process it reaches, waits until this one has been handled. `hold` (the update processor)
    runs the update and releases both.
    """

    def __init__(self, shared: UserLocks) -> None:
        self._local = Lanes()  # one process's updates of a user queue here, not on connections
        self._shared = shared
        self._admitted: dict[Hashable, AsyncExitStack] = {}

    async def admit(self, update: object) -> None:
        """Wait for the update's user to be free in the whole fleet, and take the user."""
        key = lane_key(update)
        stack = AsyncExitStack()
        await stack.enter_async_context(self._local.hold(key))
        try:
            await stack.enter_async_context(self._shared.hold(key))
        except BaseException:
            await stack.aclose()
            raise
        self._admitted[key] = stack  # the local lane makes this the key's only entry

    @asynccontextmanager
    async def hold(self, key: Hashable) -> AsyncIterator[None]:
        """Run an admitted update, then release its user; one not admitted takes it first."""
        stack = self._admitted.pop(key, None)
        if stack is None:
            shared = key if isinstance(key, int) else 0
            async with self._local.hold(key), self._shared.hold(shared):
                yield
            return
        async with stack:
            yield


class PerUserUpdateProcessor(BaseUpdateProcessor):
    """Different users are served at the same time; one user's updates run one after another.

    Without concurrency a single slow answer (a paced multi-message program, a flood-control
    wait) stalls every other chat. Per-user order keeps double-taps on a button sequential, so
    the core never sees the same person's two presses interleaved. Every update is counted
    as received here, whether it came by polling or by webhook.
    """

    def __init__(
        self,
        max_concurrent_updates: int = 256,
        *,
        lanes: UpdateLanes | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        super().__init__(max_concurrent_updates)
        self._lanes: UpdateLanes = lanes if lanes is not None else Lanes()
        self._metrics = metrics

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run the update's handlers after earlier updates of the same user have finished."""
        if self._metrics is not None:
            self._metrics.update_received("telegram")
        async with self._lanes.hold(lane_key(update)):
            await coroutine

    async def initialize(self) -> None:
        """Nothing to allocate."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def lane_key(update: object) -> int:
    """The user an update belongs to (its chat without a user; 0 for anything else)."""
    if isinstance(update, Update):
        if update.effective_user is not None:
            return update.effective_user.id
        if update.effective_chat is not None:
            return update.effective_chat.id
    return 0  # anything else shares one lane
