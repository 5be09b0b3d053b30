"""Replies as Discord messages: content or embeds within Discord's limits, buttons, files."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import discord

from bot.types import Button, Reply
from handlers.discord.buttons import ActionButton

MAX_CONTENT = 2000
MAX_TITLE = 256
MAX_DESCRIPTION = 4096  # one embed of title + description stays under the 6,000 total
MAX_LABEL = 80
MAX_ROWS = 5
MAX_PER_ROW = 5
COLOUR = 0x7E57C2
NOTICE_COLOUR = 0xE67E22


@dataclass
class Outgoing:
    """One Discord message ready to send: everything optional but never all empty."""

    content: str | None = None
    embed: discord.Embed | None = None
    view: discord.ui.View | None = None
    files: list[discord.File] = field(default_factory=list)
    ephemeral: bool = False

    def send_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for Messageable.send / followup.send / send_message."""
        # Mentions are always off: replies may echo user text such as "@everyone".
        kwargs: dict[str, Any] = {"allowed_mentions": discord.AllowedMentions.none()}
        if self.content is not None:
            kwargs["content"] = self.content
        if self.embed is not None:
            kwargs["embed"] = self.embed
        if self.view is not None:
            kwargs["view"] = self.view
        if self.files:
            kwargs["files"] = self.files
        return kwargs

    def edit_kwargs(self) -> dict[str, Any]:
        """Keyword arguments that replace a whole message (InteractionResponse.edit_message)."""
        return {
            "content": self.content,
            "embed": self.embed,
            "view": self.view,
            "attachments": self.files,
            "allowed_mentions": discord.AllowedMentions.none(),
        }


def split_text(text: str, limit: int) -> list[str]:
    """Cut text into pieces of at most `limit` characters, at line breaks where possible."""
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit + 1)
        if cut <= 0:
            cut = rest.rfind(" ", 0, limit + 1)
        if cut <= 0:
            cut = limit
            trailing = len(rest[:cut]) - len(rest[:cut].rstrip("\\"))
            cut -= trailing % 2  # never separate a markdown escape from what it escapes
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n ")
    pieces.append(rest)
    return pieces


def build_view(rows: tuple[tuple[Button, ...], ...]) -> discord.ui.View | None:
    """Buttons as a persistent view; at most 5 rows of 5, long rows wrap."""
    buttons = [
        button_row
        for row in rows
        for button_row in (row[i : i + MAX_PER_ROW] for i in range(0, len(row), MAX_PER_ROW))
    ]
    if not buttons:
        return None
    view = discord.ui.View(timeout=None)
    for row_number, row in enumerate(buttons[:MAX_ROWS]):
        for button in row:
            view.add_item(ActionButton(button.action, button.label[:MAX_LABEL], row=row_number))
    return view


def render(reply: Reply, *, force_private: bool = False) -> list[Outgoing]:
    """One reply as one or more messages; buttons and files ride on the last one."""
    ephemeral = force_private or reply.private or reply.notice
    colour = NOTICE_COLOUR if reply.notice else COLOUR
    outgoing: list[Outgoing] = []
    # The core writes plain text that may quote users (names on a leaderboard): escape
    # markdown so nobody can post a masked link or formatting through their display name.
    text = discord.utils.escape_markdown(reply.text)
    if reply.title:
        for number, piece in enumerate(split_text(text, MAX_DESCRIPTION)):
            title = reply.title[:MAX_TITLE] if number == 0 else None
            embed = discord.Embed(title=title, description=piece or None, colour=colour)
            outgoing.append(Outgoing(embed=embed, ephemeral=ephemeral))
    else:
        for piece in split_text(text, MAX_CONTENT):
            outgoing.append(Outgoing(content=piece or None, ephemeral=ephemeral))
    last = outgoing[-1]
    last.view = build_view(reply.buttons)
    last.files = [
        discord.File(io.BytesIO(item.data), filename=item.filename) for item in reply.attachments
    ]
    if last.content is None and last.embed is None and not last.files:
        last.content = "Done."
    return outgoing


def render_all(replies: list[Reply], *, force_private: bool = False) -> list[Outgoing]:
    """Every reply rendered, in order."""
    return [message for reply in replies for message in render(reply, force_private=force_private)]
