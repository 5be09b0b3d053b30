"""Concurrent update handling that keeps each user's own updates in order."""

from __future__ import annotations

from collections.abc import Awaitable, Hashable
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol

from telegram import Update
from telegram.ext import BaseUpdateProcessor

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
        async with self._lanes.hold(_lane_key(update)):
            await coroutine

    async def initialize(self) -> None:
        """Nothing to allocate."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def _lane_key(update: object) -> int:
    if isinstance(update, Update):
        if update.effective_user is not None:
            return update.effective_user.id
        if update.effective_chat is not None:
            return update.effective_chat.id
    return 0  # anything else shares one lane
