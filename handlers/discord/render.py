"""Replies as Discord messages: content or embeds within Discord's limits, buttons, files."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import discord

from bot.rich import Block, RichText, Section
from bot.types import Button, Reply
from handlers.discord import markdown
from handlers.discord.buttons import ActionButton
from handlers.rich_split import split_blocks

MAX_CONTENT = 2000
MAX_TITLE = 256
MAX_DESCRIPTION = 4096  # one embed of title + description stays under the 6,000 total
MAX_FIELDS = 25
MAX_FIELD_NAME = 256
MAX_FIELD_VALUE = 1024
MAX_EMBED_TOTAL = 6000  # title, description and fields together
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


def render(reply: Reply, *, force_private: bool = False, done: str = "Done.") -> list[Outgoing]:
    """One reply as one or more messages; buttons and files ride on the last one (`done`
    stands for an empty reply, in the reader's language).

    A titled reply, or one with sections, is an embed (a section is a field); anything
    else is message content. Messages are split only where Discord's limits demand it.
    """
    ephemeral = force_private or reply.private or reply.notice
    colour = NOTICE_COLOUR if reply.notice else COLOUR
    body = reply.body
    if reply.title or body.sections:
        embeds = build_embeds(reply.title, body, colour)
        outgoing = [Outgoing(embed=embed, ephemeral=ephemeral) for embed in embeds]
    else:
        pieces = split_markdown(body.blocks, MAX_CONTENT)
        outgoing = [Outgoing(content=piece or None, ephemeral=ephemeral) for piece in pieces]
    last = outgoing[-1]
    last.view = build_view(reply.buttons)
    last.files = [
        discord.File(io.BytesIO(item.data), filename=item.filename) for item in reply.attachments
    ]
    if last.content is None and last.embed is None and not last.files:
        last.content = done
    return outgoing


def split_markdown(blocks: tuple[Block, ...], limit: int) -> list[str]:
    """Blocks as Markdown pieces of at most `limit` characters (at least one, maybe empty)."""
    groups = split_blocks(blocks, limit, markdown.measure)
    return [markdown.blocks(group) for group in groups] or [""]


def fitted(text: str, limit: int) -> str:
    """Core wording escaped and shortened (with an ellipsis) to at most `limit` characters."""
    escaped = markdown.escape_text(text)
    cut = min(len(text), limit)  # escaping never shortens text
    while len(escaped) > limit and cut > 0:
        cut -= 1
        escaped = markdown.escape_text(text[:cut].rstrip() + "…")
    return escaped


def section_fields(section: Section) -> list[tuple[str, str]]:
    """A section as embed fields: its title, then as many "(continued)" as its text needs."""
    name = markdown.inline(section.title) or "\u200b"
    values = [value or "\u200b" for value in split_markdown(section.blocks, MAX_FIELD_VALUE)]
    names = [name, *[f"{name} (continued)"] * (len(values) - 1)]
    return [
        (_cut(label, MAX_FIELD_NAME), value) for label, value in zip(names, values, strict=True)
    ]


def _cut(markup: str, limit: int) -> str:
    """Markdown cut to `limit` characters, never between a backslash and what it escapes."""
    cut = markup[:limit]
    trailing = len(cut) - len(cut.rstrip("\\"))
    return cut[:-1] if trailing % 2 else cut


def build_embeds(title: str | None, body: RichText, colour: int) -> list[discord.Embed]:
    """Embeds within Discord's limits: the title on the first, description pieces, fields."""
    heading = fitted(title, MAX_TITLE) if title else None
    descriptions = split_markdown(body.blocks, MAX_DESCRIPTION)
    embeds = [
        discord.Embed(title=heading if n == 0 else None, description=text or None, colour=colour)
        for n, text in enumerate(descriptions)
    ]
    for section in body.sections:
        for name, value in section_fields(section):
            last = embeds[-1]
            full = len(last.fields) >= MAX_FIELDS
            if full or len(last) + len(name) + len(value) > MAX_EMBED_TOTAL:
                last = discord.Embed(colour=colour)
                embeds.append(last)
            last.add_field(name=name, value=value, inline=False)
    return embeds


def render_all(
    replies: list[Reply], *, force_private: bool = False, done: str = "Done."
) -> list[Outgoing]:
    """Every reply rendered, in order."""
    return [
        message
        for reply in replies
        for message in render(reply, force_private=force_private, done=done)
    ]
