"""Fixtures: a fake Discord on 127.0.0.1 and the real adapter connected to it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.bootstrap import App, bootstrap
from bot.clock import ManualClock
from bot.faq.service import FaqService
from bot.settings import Settings, load_settings
from handlers.discord.client import DiscordOptions
from handlers.discord.runner import DiscordRunner, build_discord_runner
from tests.discord.fake_discord import FakeDiscord, Person

FAST = DiscordOptions(guild_ready_timeout=0.05, ready_timeout=10)


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    """A fake Discord REST API and gateway, enforcing the global rate limit."""
    server = await FakeDiscord().start()
    try:
        yield server
    finally:
        await server.close()
    # The adapter paces itself: the fake never had to refuse a request.
    assert server.global_limit.refused == []


def discord_settings(url: str, fake: FakeDiscord, **overrides: object) -> Settings:
    """Settings that point the adapter at the fake."""
    return load_settings(
        database_url=url,
        discord_token="fake-token",
        discord_api_base_url=fake.api_base,
        discord_gateway_url=fake.gateway_url,
        telegram_token=None,
        _env_file=None,
        **overrides,
    )


@pytest.fixture
async def discord_app(
    migrated_url: str, fake: FakeDiscord, clock: ManualClock, faq_service: FaqService
) -> AsyncIterator[App]:
    """The whole core, configured for the fake Discord."""
    app = await bootstrap(discord_settings(migrated_url, fake), clock=clock, faq=faq_service)
    try:
        yield app
    finally:
        await app.aclose()


@pytest.fixture
def discord_options() -> DiscordOptions:
    """The adapter's timing knobs (a test may parametrize its own)."""
    return FAST


@pytest.fixture
async def runner(discord_app: App, discord_options: DiscordOptions) -> AsyncIterator[DiscordRunner]:
    """The Discord adapter, logged in and connected, registered as the app's Discord sender."""
    started = build_discord_runner(discord_app, discord_options)
    discord_app.senders[started.platform] = started.sender
    await started.start()
    try:
        yield started
    finally:
        await started.stop()


@pytest.fixture
def member() -> Person:
    """An ordinary server member."""
    return Person(1001, "alice")


@pytest.fixture
def moderator() -> Person:
    """A member with Manage Server."""
    return Person(1002, "morgan", moderator=True)
