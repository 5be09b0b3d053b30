"""Concurrent update handling that keeps each user's own updates in order."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from handlers.lanes import Lanes


class PerUserUpdateProcessor(BaseUpdateProcessor):
    """Different users are served at the same time; one user's updates run one after another.

    Without concurrency a single slow answer (a paced multi-message program, a flood-control
    wait) stalls every other chat. Per-user order keeps double-taps on a button sequential, so
    the core never sees the same person's two presses interleaved.
    """

    def __init__(self, max_concurrent_updates: int = 256) -> None:
        super().__init__(max_concurrent_updates)
        self._lanes = Lanes()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run the update's handlers after earlier updates of the same user have finished."""
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
