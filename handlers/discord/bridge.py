"""Interaction in, one core call, rendered replies out: the whole of the adapter's logic."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

import discord

if TYPE_CHECKING:
    from bot.bootstrap import App
    from bot.commands.base import Registry
from bot.i18n import Language
from bot.types import ChatRef, Incoming, Platform, Reply, UserRef
from handlers.discord.render import Outgoing, render_all
from handlers.discord.usage import with_discord_commands
from handlers.discord.wording import phrased
from handlers.lanes import Lanes
from handlers.reader import APOLOGY, DONE, reader

log = logging.getLogger(__name__)


def to_incoming(
    interaction: discord.Interaction[Any],
    *,
    text: str = "",
    action: str | None = None,
    options: dict[str, str | int | bool] | None = None,
) -> Incoming:
    """The neutral message for an interaction: who, where, and whether they moderate here."""
    user = interaction.user
    locale = str(interaction.locale)  # the member's client language, e.g. es-ES
    # The bot can open a DM with anyone in a server it shares, by user id (the sender does).
    sender = UserRef(Platform.DISCORD, str(user.id), user.display_name, dm_chat=str(user.id))
    if interaction.guild_id is None:
        # A DM is keyed by the user id, which is also what the sender DMs.
        chat = ChatRef(Platform.DISCORD, str(user.id), "private")
        return Incoming(sender, chat, text=text, action=action, options=options, locale=locale)
    guild = interaction.guild
    chat = ChatRef(
        Platform.DISCORD,
        str(interaction.guild_id),
        "group",
        guild.name if guild is not None else "",
        channel_id=str(interaction.channel_id or ""),
    )
    moderator = False
    roles: tuple[str, ...] = ()
    if isinstance(user, discord.Member):
        # The interaction carries the member's resolved permissions; the cache may lag.
        resolved = user.resolved_permissions
        moderator = (resolved is not None and resolved.manage_guild) or (
            user.guild_permissions.manage_guild
        )
        roles = tuple(str(role.id) for role in user.roles)
    return Incoming(
        sender,
        chat,
        text=text,
        action=action,
        is_moderator=moderator,
        roles=roles,
        options=options,
        locale=locale,
    )


class Bridge:
    """Runs slash commands and button presses through the core router.

    Discord drops an interaction that is not acknowledged within 3 seconds. Most answers come
    far sooner and go out as the acknowledgement itself (one request); one that takes longer
    than `ack_deadline` (a database busy with another writer, say) is acknowledged first and
    follows when ready. Commands known to be slow acknowledge at once.
    """

    def __init__(self, app: App, ack_deadline: float = 2.0) -> None:
        self._app = app
        self._ack_deadline = ack_deadline
        # discord.py runs interactions concurrently; one user's must not interleave (Done
        # then Skipped pressed quickly would otherwise race in the core).
        self._lanes = Lanes()

    @property
    def registry(self) -> Registry:
        """The core's declared commands, from which the command tree is generated."""
        return self._app.router.registry

    def _deadline(self) -> float:
        """The loop time by which an interaction that arrives now must be acknowledged."""
        return asyncio.get_running_loop().time() + self._ack_deadline

    async def _in_lane(self, incoming: Incoming) -> list[Reply]:
        """The core's replies once the user's earlier interactions are answered."""
        self._app.metrics.update_received("discord")
        async with self._lanes.hold(incoming.user.external_id):
            replies = await self._app.router.handle(incoming)
        catalog = self._app.services.catalog
        # Commands are named as the member's menu shows them: in their client's language.
        names = catalog.translator(Language.parse(incoming.locale))
        return [with_discord_commands(phrased(reply, catalog), names) for reply in replies]

    async def _replies(
        self,
        interaction: discord.Interaction[Any],
        incoming: Incoming,
        *,
        private: bool,
        deadline: float,
    ) -> list[Reply]:
        """The core's replies; acknowledges the interaction meanwhile if they are slow."""
        answer = asyncio.ensure_future(self._in_lane(incoming))
        left = max(0.0, deadline - asyncio.get_running_loop().time())
        try:
            return await asyncio.wait_for(asyncio.shield(answer), left)
        except TimeoutError:
            if not interaction.response.is_done():
                try:
                    if interaction.type == discord.InteractionType.component:
                        await interaction.response.defer()  # the pressed message is edited
                    else:
                        await interaction.response.defer(ephemeral=private, thinking=True)
                except discord.HTTPException as error:
                    log.warning("could not acknowledge a slow interaction: %s", error)
            return await answer  # the core's work stands either way

    async def command(
        self,
        interaction: discord.Interaction[Any],
        line: str,
        *,
        private: bool,
        slow: bool = False,
        options: dict[str, str | int | bool] | None = None,
    ) -> None:
        """Answer a slash command (`line` names it and its subcommand) with its options, in
        one core call; slow ones defer first."""
        if slow:
            # Discord wants an acknowledgement within 3 s; the answer follows.
            await interaction.response.defer(ephemeral=private, thinking=True)
        incoming = to_incoming(interaction, text="/" + line, options=options or {})
        replies = await self._replies(
            interaction, incoming, private=private, deadline=self._deadline()
        )
        await self._deliver(interaction, replies, private=private)

    async def press(self, interaction: discord.Interaction[Any], action: str) -> None:
        """Answer a button press; an `edit` reply replaces the message that carried it."""
        try:
            incoming = to_incoming(interaction, action=action)
            replies = await self._replies(
                interaction, incoming, private=False, deadline=self._deadline()
            )
            if replies and replies[0].edit:
                first, *rest = render_all(replies[:1])
                if interaction.response.is_done():  # acknowledged while the core was slow
                    await interaction.edit_original_response(**first.edit_kwargs())
                else:
                    await interaction.response.edit_message(**first.edit_kwargs())
                followups = [*rest, *render_all(replies[1:])]
                for message in followups:
                    await self._followup(interaction, message)
                self._count_sent(1 + len(followups))
                return
            await self._deliver(interaction, replies, private=False)
        except Exception as error:
            await self.apologise(interaction, error)

    async def _deliver(
        self,
        interaction: discord.Interaction[Any],
        replies: list[Reply],
        *,
        private: bool,
    ) -> None:
        tr = reader(
            self._app.services.catalog, replies[0] if replies else None, str(interaction.locale)
        )
        done = tr.gettext(DONE)  # what an empty answer (nothing to say) shows
        messages = render_all(replies, force_private=private, done=done) or [
            Outgoing(content=done, ephemeral=True)
        ]
        first, rest = messages[0], messages[1:]
        response = interaction.response
        if not response.is_done():
            await response.send_message(**first.send_kwargs(), ephemeral=first.ephemeral)
        elif (
            first.ephemeral
            and not private
            and response.type == discord.InteractionResponseType.deferred_channel_message
        ):
            # The public "thinking…" message cannot turn private: remove it, answer privately.
            await interaction.delete_original_response()
            await self._followup(interaction, first)
        else:
            await self._followup(interaction, first)
        for message in rest:
            await self._followup(interaction, message)
        self._count_sent(len(messages))

    def _count_sent(self, messages: int) -> None:
        """Answers to users count in the metrics here; the core's own sends in the sender."""
        for _ in range(messages):
            self._app.metrics.reply_sent("discord")

    @staticmethod
    async def _followup(interaction: discord.Interaction[Any], message: Outgoing) -> None:
        await interaction.followup.send(**message.send_kwargs(), ephemeral=message.ephemeral)

    async def apologise(self, interaction: discord.Interaction[Any], error: BaseException) -> None:
        """Log an unexpected failure with its context and tell the user briefly."""
        command = interaction.command.qualified_name if interaction.command else None
        data: dict[str, Any] = dict(interaction.data or {})
        log.error(
            "discord interaction failed: command=%s custom_id=%s guild=%s user=%s",
            command,
            data.get("custom_id"),
            interaction.guild_id,
            interaction.user.id,
            exc_info=error,
        )
        apology = reader(self._app.services.catalog, None, str(interaction.locale)).gettext(APOLOGY)
        try:
            if interaction.response.is_done():
                await interaction.followup.send(apology, ephemeral=True)
            else:
                await interaction.response.send_message(apology, ephemeral=True)
        except discord.HTTPException:
            log.warning("could not deliver the apology for interaction %s", interaction.id)
