"""Telegram's flood limits as a PTB rate limiter: paced sends, ordered per chat, 429s retried.

Telegram asks bots for at most 30 messages in any second bot-wide, about one a second in a
private chat and 20 a minute in a group, and answers 429 with `retry_after` beyond that.
`FloodLimiter` plugs into PTB's `BaseRateLimiter`: every request that targets a chat passes a
bot-wide `Gate`; new messages (`send*`) also wait for their chat's rolling window, one at a
time per chat so their order holds. Core-initiated sends carry `rate_limit_args=BULK` and wait
behind replies to users. A 429 holds the chat (and, unless it is a group, the whole bot) for
`retry_after`, then the same request is tried again, up to `max_retries` times.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from handlers.lanes import Lanes
from handlers.pacing import Budget, Clock, Gate, Reserve, RollingWindow, Sleep

log = logging.getLogger(__name__)

JSONResult = bool | dict[str, Any] | list[dict[str, Any]]
Callback = Callable[..., Coroutine[Any, Any, JSONResult]]
BULK = "bulk"  # rate_limit_args of core-initiated sends (check-ins, programs, standings)


@dataclass(frozen=True)
class FloodLimits:
    """Telegram's limits; `second` is how long a second lasts (tests and benches shrink it)."""

    per_second: int = 30  # bot-wide, in any rolling second
    per_private_chat: int = 1  # per rolling second
    per_group: int = 20  # per rolling minute
    second: float = 1.0
    margin: float = 0.01  # each window is kept this much longer
    transit: float = 0.5  # real seconds (never scaled): the longest a message may take to arrive
    max_retries: int = 3  # tries after a 429 before giving the error to the caller
    max_retry_wait: float = 30.0  # a longer retry_after goes to the caller at once (re-queue)

    def _budget(self, limit: int, seconds: float) -> Budget:
        return Budget(limit, seconds * self.second, self.margin, self.transit)

    @property
    def bot(self) -> Budget:
        """The bot-wide budget."""
        return self._budget(self.per_second, 1)

    @property
    def private(self) -> Budget:
        """One private chat's budget."""
        return self._budget(self.per_private_chat, 1)

    @property
    def group(self) -> Budget:
        """One group's (or channel's) budget."""
        return self._budget(self.per_group, 60)


def chat_key(data: dict[str, Any]) -> int | str | None:
    """The request's chat: an int id, an '@name' of a public group or channel, or None."""
    chat_id: object = data.get("chat_id")
    if chat_id is None:
        return None
    with contextlib.suppress(TypeError, ValueError):
        return int(chat_id)  # type: ignore[call-overload,no-any-return]
    return str(chat_id)


def is_private(chat: int | str) -> bool:
    """Private chats have positive ids; groups and channels negative ids or '@names'."""
    return isinstance(chat, int) and chat > 0


class FloodLimiter(BaseRateLimiter[str]):
    """PTB rate limiter that keeps a bot within Telegram's rolling-window flood limits."""

    MAX_TRACKED = 10_000  # chat windows kept before idle ones are forgotten

    def __init__(
        self,
        limits: FloodLimits | None = None,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        shared: Reserve | None = None,
    ) -> None:
        self.limits = limits or FloodLimits()
        self._clock = clock
        self._sleep = sleep
        # `shared`: the fleet's bot-wide budget (PostgreSQL), on top of this process's own.
        self._gate = Gate(self.limits.bot, clock=clock, sleep=sleep, shared=shared)
        self._lanes = Lanes()
        self._windows: dict[int | str, RollingWindow] = {}
        self.refusals = 0  # 429s received

    @property
    def send_rate(self) -> float:
        """Messages per second the bot-wide budget lets out, sustained."""
        return self.limits.bot.rate

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Let nothing out any more."""
        await self._gate.close()

    async def process_request(
        self,
        callback: Callback,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: str | None,
    ) -> JSONResult:
        """Wait for the request's turn, make it, and on a 429 wait as told and make it again."""
        chat = chat_key(data)
        if chat is None:  # getMe, setMyCommands, answerCallbackQuery: not flood-limited
            return await callback(*args, **kwargs)
        bulk = rate_limit_args == BULK
        if not endpoint.startswith("send"):  # edits, reads: the bot-wide count only
            return await self._attempts(callback, args, kwargs, chat, None, bulk)
        async with self._lanes.hold(chat):  # one message at a time per chat, in order
            window = self._window(chat)
            return await self._attempts(callback, args, kwargs, chat, window, bulk)

    async def _attempts(
        self,
        callback: Callback,
        args: Any,
        kwargs: dict[str, Any],
        chat: int | str,
        window: RollingWindow | None,
        bulk: bool,
    ) -> JSONResult:
        for attempt in itertools.count():
            try:
                async with self._turn(window, bulk):
                    return await callback(*args, **kwargs)
            except RetryAfter as error:
                self.refusals += 1
                seconds = error._retry_after.total_seconds()  # the int property is deprecated
                if attempt >= self.limits.max_retries or seconds > self.limits.max_retry_wait:
                    log.warning("telegram flood control in chat %s: giving up for now", chat)
                    raise
                log.info("telegram flood control in chat %s: retrying in %.1f s", chat, seconds)
                self._hold(chat, window, seconds)
        raise AssertionError("unreachable")  # pragma: no cover

    @contextlib.asynccontextmanager
    async def _turn(self, window: RollingWindow | None, bulk: bool) -> AsyncIterator[None]:
        """Wait for room in the chat's window, then for the bot-wide turn; send in the block."""
        if window is not None:
            while (wait := window.free_at() - self._clock()) > 0:
                await self._sleep(wait)
        slot = await self._gate.acquire(bulk=bulk)
        chat_slot = window.take() if window is not None else None
        try:
            yield
        finally:  # answered or refused: Telegram has seen it
            slot.settle()
            if chat_slot is not None:
                chat_slot.settle()

    def _hold(self, chat: int | str, window: RollingWindow | None, seconds: float) -> None:
        if window is not None:
            window.hold(self._clock() + seconds)
        if window is None or is_private(chat):
            # A group's 429 is about that group's minute; anything else may be bot-wide.
            self._gate.hold(seconds)

    def _window(self, chat: int | str) -> RollingWindow:
        window = self._windows.get(chat)
        if window is None:
            if len(self._windows) >= self.MAX_TRACKED:
                self._forget_idle()
            budget = self.limits.private if is_private(chat) else self.limits.group
            window = self._windows[chat] = RollingWindow(budget, self._clock)
        return window

    def _forget_idle(self) -> None:
        now = self._clock()
        for chat, window in list(self._windows.items()):
            if window.idle(now) and not self._lanes.busy(chat):
                del self._windows[chat]
