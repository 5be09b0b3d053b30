"""What the bot needs in a Discord server, and the invite link that asks for exactly that.

Replies to slash commands and buttons are interaction responses, which need no channel
permission (files such as the progress chart and `mydata` go that way, privately). The one
thing the bot does on its own in a server is post challenge standings and results in the
challenge's channel (bot/challenges/boards.py): a titled reply, rendered as an embed
(handlers/discord/render.py), with no files and without reading earlier messages. That needs
View Channel, Send Messages and Embed Links; in a thread, Send Messages in Threads instead of
Send Messages.
"""

from __future__ import annotations

import discord

SCOPES = ("bot", "applications.commands")
NEEDED = discord.Permissions(view_channel=True, send_messages=True, embed_links=True)
IN_THREADS = discord.Permissions(view_channel=True, send_messages_in_threads=True, embed_links=True)


def invite_url(application_id: int) -> str:
    """The OAuth2 link that adds the bot with its commands and exactly the permissions above."""
    return discord.utils.oauth_url(application_id, permissions=NEEDED, scopes=SCOPES)


def permission_name(flag: str) -> str:
    """`embed_links` -> `Embed Links`, as Discord's settings name it."""
    return flag.replace("_", " ").title()


def missing(have: discord.Permissions, needed: discord.Permissions = NEEDED) -> list[str]:
    """The names of the needed permissions `have` lacks, in Discord's order."""
    return [permission_name(flag) for flag, value in needed if value and not getattr(have, flag)]
