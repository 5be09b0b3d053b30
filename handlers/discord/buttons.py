"""Persistent buttons: the custom id is the core's action, so a press works after a restart."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

if TYPE_CHECKING:
    from handlers.discord.client import HipcoachClient


class ActionButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"(?P<action>[^:\s]{1,32}:.{0,64})",
):
    """A button whose custom_id is `Button.action`; pressing it runs that action in the core."""

    def __init__(self, action: str, label: str = "…", row: int | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label=label or "…",
                custom_id=action,
                style=discord.ButtonStyle.secondary,
                row=row,
            )
        )
        self.action = action

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> ActionButton:
        """Rebuild the button from a pressed custom id (also for messages sent before a restart)."""
        return cls(match["action"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Hand the press to the core through the client's bridge."""
        client: HipcoachClient = interaction.client
        await client.bridge.press(interaction, self.action)
