"""Telegram flood limits: the bot-wide and per-group limits of AIORateLimiter plus a DM pace."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram.ext import AIORateLimiter

JSONResult = bool | dict[str, Any] | list[dict[str, Any]]


class ChatPacer:
    """A token bucket per chat: short bursts pass, then about `rate` messages a second."""

    MAX_TRACKED = 2048

    def __init__(
        self,
        rate: float = 1.0,
        burst: int = 3,
        *,
        monotonic: Callable[[], float] | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._rate = rate
        self._burst = float(max(burst, 1))
        self._buckets: dict[int, tuple[float, float]] = {}
        # Injected so the pacing can be checked without waiting on real time.
        self._monotonic = monotonic
        self._sleep = sleep

    async def wait(self, chat_id: int) -> None:
        """Reserve one message slot in the chat, sleeping until it is due."""
        if self._rate <= 0:
            return
        now = self._monotonic() if self._monotonic else asyncio.get_running_loop().time()
        tokens, last = self._buckets.get(chat_id, (self._burst, now))
        # Reserve before sleeping (no await in between) so concurrent sends queue up fairly.
        tokens = min(self._burst, tokens + (now - last) * self._rate) - 1
        self._buckets[chat_id] = (tokens, now)
        if len(self._buckets) > self.MAX_TRACKED:
            self._prune(now)
        if tokens < 0:
            await self._sleep(-tokens / self._rate)

    def _prune(self, now: float) -> None:
        full_after = self._burst / self._rate
        for chat_id, (_, last) in list(self._buckets.items()):
            if now - last > full_after:
                del self._buckets[chat_id]


class PacedRateLimiter(AIORateLimiter):
    """AIORateLimiter (bot-wide, per-group, RetryAfter retries) that also paces each DM chat."""

    __slots__ = ("_pacer",)

    def __init__(self, pacer: ChatPacer, **limits: Any) -> None:
        super().__init__(**limits)
        self._pacer = pacer

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSONResult:
        """Wait for the chat's slot on sends to a private chat, then apply the usual limits."""
        chat_id: object = data.get("chat_id")
        with contextlib.suppress(TypeError, ValueError):
            chat_id = int(chat_id)  # type: ignore[call-overload]
        # Private chats have positive ids; groups and channels are negative.
        if endpoint.startswith("send") and isinstance(chat_id, int) and chat_id > 0:
            await self._pacer.wait(chat_id)
        return await super().process_request(
            callback, args, kwargs, endpoint, data, rate_limit_args
        )
