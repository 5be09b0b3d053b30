"""A running Telegram adapter wired to the real core, talking HTTP to a fake Bot API."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import Update
from telegram.ext import ContextTypes, TypeHandler

from bot.bootstrap import App, bootstrap
from bot.clock import ManualClock
from bot.faq.service import FaqService
from bot.router import DISCLAIMER
from bot.settings import load_settings
from handlers.telegram.ratelimit import FloodLimits
from handlers.telegram.runner import TelegramRunner, build_telegram_runner
from tests.telegram.fake_bot_api import Call, FakeBotApi, FakeUser
from tests.telegram.fake_flood import FloodRules

TOKEN = "123456:TEST-token-never-logged"
OUTGOING = ("sendMessage", "sendPhoto", "sendDocument", "editMessageText", "answerCallbackQuery")


class Harness:
    """Plays users against the running bot and collects what the bot sent back."""

    def __init__(self, app: App, fake: FakeBotApi, runner: TelegramRunner) -> None:
        self.app = app
        self.fake = fake
        self.runner = runner
        self._done: set[int] = set()
        self._changed = asyncio.Condition()
        # Handler groups run in order, so this one sees each update after the adapter did.
        runner.application.add_handler(TypeHandler(Update, self._observe), group=1000)

    async def _observe(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        async with self._changed:
            self._done.add(update.update_id)
            self._changed.notify_all()

    async def _processed(self, update_id: int, start: int) -> list[Call]:
        async with asyncio.timeout(15), self._changed:
            await self._changed.wait_for(lambda: update_id in self._done)
        return [call for call in self.fake.calls[start:] if call.method in OUTGOING]

    async def say(
        self, user: FakeUser, text: str, chat: dict[str, Any] | None = None
    ) -> list[Call]:
        """Send a message as `user` (privately unless a chat is given); return the bot's calls."""
        start = len(self.fake.calls)
        update_id = self.fake.push_message(user, chat or self.fake.private_chat(user), text)
        return await self._processed(update_id, start)

    async def say_quickly(
        self, user: FakeUser, texts: list[str], chat: dict[str, Any] | None = None
    ) -> list[Call]:
        """Send several messages at once, like fast typing; return the bot's calls to them all."""
        start = len(self.fake.calls)
        where = chat or self.fake.private_chat(user)
        update_ids = [self.fake.push_message(user, where, text) for text in texts]
        for update_id in update_ids:
            await self._processed(update_id, start)
        return [call for call in self.fake.calls[start:] if call.method in OUTGOING]

    async def migrate(self, user: FakeUser, group: dict[str, Any], new_id: int) -> dict[str, Any]:
        """Turn a group into a supergroup with a new id; return the supergroup once handled."""
        supergroup, update_ids = self.fake.push_migration(user, group, new_id)
        for update_id in update_ids:
            await self._processed(update_id, len(self.fake.calls))
        return supergroup

    async def membership(self, user: FakeUser, chat: dict[str, Any], old: str, new: str) -> None:
        """Change the bot's membership in a chat (see FakeBotApi.push_my_chat_member)."""
        update_id = self.fake.push_my_chat_member(user, chat, old, new)
        await self._processed(update_id, len(self.fake.calls))

    async def press(self, user: FakeUser, message: Call | dict[str, Any], data: str) -> list[Call]:
        """Press a button on a message the bot sent; return the bot's calls."""
        stored = message if isinstance(message, dict) else self.stored(message)
        start = len(self.fake.calls)
        update_id = self.fake.push_press(user, stored, data)
        return await self._processed(update_id, start)

    def stored(self, call: Call) -> dict[str, Any]:
        """The message as the fake server holds it now (edits included) for a send call."""
        key = (call.chat_id, int(call.result["message_id"]))
        return self.fake.messages[key]


def sent_texts(calls: list[Call]) -> list[str]:
    """The HTML of every sendMessage among the calls, minus the once-per-athlete disclaimer."""
    return [call.text for call in without_disclaimer(calls) if call.method == "sendMessage"]


def without_disclaimer(calls: list[Call]) -> list[Call]:
    """The calls except the disclaimer the router appends to an athlete's first answer."""
    return [call for call in calls if call.text != DISCLAIMER]


async def set_up_checkins(harness: Harness, user: FakeUser) -> list[Call]:
    """A complete profile, then check-ins on Mon, Wed and Fri at 18:00 in Berlin (17:00 UTC;
    the fixture clock starts on Monday 2026-03-02 09:00 UTC); the calls of the last step."""
    for line in ("goal soften", "equipment bands", "level beginner", "days 3"):
        await harness.say(user, f"/profile {line}")
    return await harness.say(user, "/checkins on mon,wed,fri 18:00 Europe/Berlin")


def with_buttons(calls: list[Call]) -> Call:
    """The one sent message that carries buttons."""
    return next(call for call in calls if call.button_actions)


@pytest.fixture
def time_scale() -> float:
    """How long a second of Telegram's flood limits lasts, for the fake and for the bot.

    Both enforce the same limits, only faster, so a conversation that waits one second per
    private-chat message does not make the suite crawl. Pacing tests use real seconds.
    """
    return 0.05


@pytest.fixture
async def fake_api(time_scale: float) -> AsyncIterator[FakeBotApi]:
    """The fake Bot API server on a random local port, enforcing the flood limits."""
    server = FakeBotApi(TOKEN, FloodRules(second=time_scale))
    await server.start()
    try:
        yield server
    finally:
        await server.close()
    # The adapter paces itself: flood control never had to refuse a message.
    assert server.flood is not None and server.flood.refused == []


@pytest.fixture
async def tg_app(
    migrated_url: str, clock: ManualClock, fake_api: FakeBotApi, faq_service: FaqService
) -> AsyncIterator[App]:
    """The real core with a Telegram token and the fake server as TELEGRAM_API_BASE_URL."""
    settings = load_settings(
        database_url=migrated_url,
        discord_token=None,
        telegram_token=TOKEN,
        telegram_api_base_url=fake_api.base_url,
        _env_file=None,
    )
    app = await bootstrap(settings, clock=clock, faq=faq_service)
    try:
        yield app
    finally:
        await app.aclose()


@pytest.fixture
async def telegram(tg_app: App, fake_api: FakeBotApi, time_scale: float) -> AsyncIterator[Harness]:
    """The adapter started like the runtime does it, its limits on the fake's time scale."""
    runner = build_telegram_runner(
        tg_app, poll_timeout=2.0, limits=FloodLimits(second=time_scale, max_retries=2)
    )
    tg_app.senders[runner.platform] = runner.sender
    harness = Harness(tg_app, fake_api, runner)
    await runner.start()
    try:
        yield harness
    finally:
        await runner.stop()
