"""A running Telegram adapter in webhook mode behind the process's HTTP server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest

from bot.bootstrap import App, bootstrap
from bot.clock import ManualClock
from bot.runtime import build_http_server
from bot.settings import load_settings
from handlers.http.server import HttpServer
from handlers.telegram.runner import TelegramRunner, build_telegram_runner
from tests.http.support import SECRET, WEBHOOK_PATH, WebhookFakeBotApi, free_port

TOKEN = "123456:TEST-webhook-token"


@dataclass
class Webhooked:
    """The app, its Telegram runner, the HTTP server and the fake Bot API."""

    app: App
    runner: TelegramRunner
    server: HttpServer
    fake: WebhookFakeBotApi
    client: aiohttp.ClientSession

    @property
    def base(self) -> str:
        """The server's root URL."""
        return f"http://127.0.0.1:{self.server.port}"


@pytest.fixture
async def fake_webhook_api() -> AsyncIterator[WebhookFakeBotApi]:
    """The fake Bot API on a random local port (no flood limits: not what is tested here)."""
    server = WebhookFakeBotApi(TOKEN, flood=None)
    await server.start()
    try:
        yield server
    finally:
        await server.close()


async def webhook_parts(
    migrated_url: str, clock: ManualClock, fake_webhook_api: WebhookFakeBotApi
) -> tuple[App, TelegramRunner, HttpServer]:
    """The app, its Telegram runner in webhook mode and the HTTP server, none started."""
    port = free_port()
    settings = load_settings(
        database_url=migrated_url,
        discord_token=None,
        telegram_token=TOKEN,
        telegram_api_base_url=fake_webhook_api.base_url,
        telegram_mode="webhook",
        telegram_webhook_url=f"https://bot.example.org{WEBHOOK_PATH}",
        telegram_webhook_secret=SECRET,
        http_port=port,
        _env_file=None,
    )
    app = await bootstrap(settings, clock=clock)
    runner = build_telegram_runner(app)
    app.senders[runner.platform] = runner.sender
    server = build_http_server(app, [runner])
    assert server is not None
    return app, runner, server


@pytest.fixture
async def webhooked(
    migrated_url: str, clock: ManualClock, fake_webhook_api: WebhookFakeBotApi
) -> AsyncIterator[Webhooked]:
    """The real core, Telegram in webhook mode, served like `hipcoach run` serves it."""
    app, runner, server = await webhook_parts(migrated_url, clock, fake_webhook_api)
    await server.start()
    await runner.start()
    try:
        async with aiohttp.ClientSession() as client:
            yield Webhooked(app, runner, server, fake_webhook_api, client)
    finally:
        await runner.stop()
        await server.stop()
        await app.aclose()
