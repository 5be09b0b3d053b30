"""The discord.Client subclass: the command tree, persistent buttons and command sync."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

if TYPE_CHECKING:
    from bot.bootstrap import App
from handlers.discord.autocomplete import Suggestions
from handlers.discord.bridge import Bridge
from handlers.discord.buttons import ActionButton
from handlers.discord.commands import add_commands
from handlers.discord.menus import CatalogueTranslator
from handlers.discord.pacing import discord_budget, pace_requests
from handlers.discord.sync import sync_commands
from handlers.pacing import Gate

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DiscordOptions:
    """Timing knobs; tests shorten them, production keeps the defaults."""

    guild_ready_timeout: float = 2.0  # how long READY waits for server data before on_ready
    ready_timeout: float = 60.0  # how long start() waits for the gateway to be ready
    max_ratelimit_timeout: float = 30.0  # longer rate-limit waits raise instead of sleeping
    ack_deadline: float = 2.0  # a slower answer is acknowledged first (Discord allows 3 s)
    requests_per_second: int = 50  # Discord's global limit, paced evenly (see pacing.py)
    second: float = 1.0  # how long that second lasts (tests may shrink it)
    identify_interval: float = 5.0  # between two shards' IDENTIFYs (Discord: one per 5 s)


class HipcoachClient(discord.AutoShardedClient):
    """A sharded client (no privileged intents): slash commands, buttons and DMs only.

    It runs DISCORD_SHARD_IDS of DISCORD_SHARD_COUNT shards (all of Discord's recommended
    count when unset). Guild events arrive on the guild's shard, DMs on shard 0; replies,
    DMs and posts go over REST, so any process can send them.
    """

    def __init__(self, app: App, options: DiscordOptions, exercises: list[tuple[str, str]]):
        intents = discord.Intents.none()
        intents.guilds = True  # server names and roles for moderator checks
        # No ids: every shard of the count (discord.py wants None then, its stub says a list).
        ids: Any = list(app.settings.discord_shard_ids) or None
        super().__init__(
            shard_count=app.settings.discord_shard_count,
            shard_ids=ids,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            guild_ready_timeout=options.guild_ready_timeout,
            max_ratelimit_timeout=options.max_ratelimit_timeout,
        )
        self.app = app
        self._identify_interval = options.identify_interval
        # Every REST request but interaction answers waits its turn in the global budget.
        # A fleet on PostgreSQL shares it: every process reserves its slots in one row.
        budgets = app.send_budgets
        shared = budgets.reserver("discord") if budgets is not None else None
        budget = discord_budget(options.requests_per_second, options.second)
        self.gate = Gate(budget, shared=shared)
        pace_requests(self.http, self.gate)
        self.bridge = Bridge(app, options.ack_deadline)
        self.tree: app_commands.CommandTree[Any] = app_commands.CommandTree(self)
        add_commands(self.tree, self.bridge, Suggestions(app, exercises))
        self.tree.on_error = self._on_app_command_error  # type: ignore[method-assign]

    async def setup_hook(self) -> None:
        """After login, before the gateway: buttons of old messages keep working; sync once."""
        self.add_dynamic_items(ActionButton)
        await self.tree.set_translator(CatalogueTranslator(self.app.services.catalog))
        try:
            await sync_commands(self, self.tree, self.app.uow, self.app.settings.discord_guild_ids)
        except discord.HTTPException:
            # The previously registered commands stay usable; the next start tries again.
            log.exception("discord command sync failed")

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Space the shards' IDENTIFYs as Discord asks (the first goes at once)."""
        if not initial:
            await asyncio.sleep(self._identify_interval)

    async def _on_app_command_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        await self.bridge.apologise(interaction, error)
