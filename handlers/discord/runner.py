"""Start and stop the Discord adapter inside the shared event loop (with Telegram, scheduler)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.bootstrap import App
from bot.errors import ConfigError
from bot.types import Platform
from handlers.discord.client import DiscordOptions, HipcoachClient
from handlers.discord.endpoints import current_endpoints, restore_endpoints, use_endpoints
from handlers.discord.permissions import invite_url
from handlers.discord.sender import DiscordSender
from knowledge.exercises import load_exercises

log = logging.getLogger(__name__)


class DiscordRunner:
    """Implements bot.runtime.PlatformRunner for Discord."""

    platform = Platform.DISCORD

    def __init__(self, app: App, options: DiscordOptions) -> None:
        self._app = app
        self._options = options
        exercises = [(exercise.id, exercise.name) for exercise in load_exercises()]
        self.client = HipcoachClient(app, options, exercises)
        self.sender = DiscordSender(self.client, self.client.gate.budget.rate, app.metrics)
        self._task: asyncio.Task[None] | None = None
        self._saved_endpoints = current_endpoints()

    @property
    def connected(self) -> bool:
        """True while the gateway is up (for /readyz)."""
        return self.client.is_ready() and not self.client.is_closed()

    async def start(self) -> None:
        """Log in, connect the gateway in the background and return once ready."""
        token = self._app.settings.discord_token
        if token is None:
            raise ConfigError("DISCORD_TOKEN is not set")
        use_endpoints(self._app.settings)  # stop() restores them
        try:
            await self.client.login(token.get_secret_value())
        except BaseException:
            await self.stop()  # release the HTTP session the failed login opened
            raise
        if self.client.application_id is not None:
            log.info("discord invite link: %s", invite_url(self.client.application_id))
        if self.client.shard_count is None and self._app.settings.discord_gateway_url:
            # Automatic sharding would connect to the gateway Discord names: take only its
            # count, and keep the configured gateway (a proxy or a test double).
            self.client.shard_count, _, _ = await self.client.http.get_bot_gateway()
        log.info(
            "discord shards %s of %s",
            list(self._app.settings.discord_shard_ids) or "all",
            self.client.shard_count or "the recommended count",
        )
        self._task = asyncio.create_task(self.client.connect(), name="discord-gateway")
        ready = asyncio.create_task(self.client.wait_until_ready())
        done, _ = await asyncio.wait(
            {ready, self._task},
            timeout=self._options.ready_timeout,
            return_when=asyncio.FIRST_COMPLETED,
        )
        if ready in done:
            log.info("discord ready as %s", self.client.user)
            return
        ready.cancel()
        if self._task in done:
            log.error("discord gateway closed", exc_info=self._task.exception())
            await self.stop()
            raise ConfigError("Discord connection closed before it was ready")
        await self.stop()
        raise ConfigError(f"Discord was not ready within {self._options.ready_timeout:.0f}s")

    async def stop(self) -> None:
        """Disconnect, wait for the gateway task and restore the default endpoints."""
        await self.client.close()
        await self.client.gate.close()
        if self._task is not None:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await self._task
            self._task = None
        restore_endpoints(self._saved_endpoints)


def build_discord_runner(app: App, options: DiscordOptions | None = None) -> DiscordRunner:
    """The Discord adapter for this app (not yet connected)."""
    return DiscordRunner(app, options or DiscordOptions())
