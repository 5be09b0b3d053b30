"""Replies as Telegram HTML (parse mode HTML): a bold title, messages of at most 4,096 characters
of text (Telegram counts the text after parsing the HTML).

Every text span is escaped with html.escape, so user text (a `Literal`) and core wording alike
can never become a tag; formatting comes only from the rich-text model: <b>, <i>, <code>,
<a href>, "• " bullets and numbered lines.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import rich
from bot.rich import Block, Heading, Inline, Paragraph, RichText
from bot.rich_layout import item_prefix, join_blocks
from bot.types import Reply
from handlers.rich_split import split_blocks

MAX_MESSAGE_CHARS = 4096
_SAFE_SCHEMES = ("http://", "https://", "tg://", "mailto:")
_TAG = re.compile(r"<[^>]*>")  # only ever applied to HTML this module wrote


def escape(text: str) -> str:
    """Make plain text safe inside Telegram HTML (quotes need no escaping outside tags)."""
    return html.escape(text, quote=False)


@dataclass(frozen=True)
class Rendered:
    """One reply ready to send: HTML chunks, the keyboard for the last chunk, and the files."""

    chunks: list[str]
    keyboard: InlineKeyboardMarkup | None


def render_reply(reply: Reply, limit: int = MAX_MESSAGE_CHARS) -> Rendered:
    """Turn a core reply into HTML chunks: the title in bold on top, split only at `limit`."""
    blocks = reply.body.flat_blocks()
    if reply.title:
        blocks = (rich.heading(reply.title), *blocks)
    return Rendered(chunks=split_rendered(blocks, limit), keyboard=keyboard(reply))


def split_rendered(blocks: Iterable[Block], limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """Blocks as HTML chunks of at most `limit` visible characters, empty chunks left out."""
    groups = split_blocks(tuple(blocks), limit, measure)
    chunks = [join_blocks((item, block_html(item)) for item in group) for group in groups]
    return [chunk.strip() for chunk in chunks if chunk.strip()]


def split_html(text: str, limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """Escape plain text and cut it into chunks of at most `limit` characters.

    Cuts fall on paragraph boundaries when possible, then lines, then words, and only
    as a last resort inside a word; an HTML entity is never cut in half. `limit` counts
    text as Telegram does (`visible_length`).
    """
    return split_rendered(rich.plain(text.strip()).blocks, limit)


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """Inline keyboard rows from the reply's buttons; the action travels as callback data."""
    if not reply.buttons:
        return None
    rows = [
        [InlineKeyboardButton(button.label, callback_data=button.action) for button in row]
        for row in reply.buttons
        if row
    ]
    return InlineKeyboardMarkup(rows)


def inline_html(spans: Iterable[Inline]) -> str:
    """Spans as Telegram HTML; every piece of text is escaped."""
    out: list[str] = []
    for span in spans:
        # A command to type stays plain: Telegram makes "/help" in a message tappable.
        if isinstance(span, rich.Text | rich.Literal | rich.CommandRef):
            out.append(escape(span.text))
        elif isinstance(span, rich.Code):
            out.append(f"<code>{escape(span.text)}</code>" if span.text else "")
        elif isinstance(span, rich.Bold):
            out.append(_tag("b", inline_html(span.children)))
        elif isinstance(span, rich.Italic):
            out.append(_tag("i", inline_html(span.children)))
        else:
            label = inline_html(span.children)
            if span.url.lower().startswith(_SAFE_SCHEMES) and label.strip():
                out.append(f'<a href="{html.escape(span.url, quote=True)}">{label}</a>')
            else:
                out.append(label)
    return "".join(out)


def _tag(name: str, inner: str) -> str:
    return f"<{name}>{inner}</{name}>" if inner.strip() else inner


def block_html(item: Block) -> str:
    """One block: a paragraph, a bold heading line, or a list with one item per line."""
    if isinstance(item, Paragraph):
        return inline_html(item.spans)
    if isinstance(item, Heading):
        return _tag("b", inline_html(item.spans))
    return "\n".join(
        item_prefix(item, index) + inline_html(spans).replace("\n", "\n   ")
        for index, spans in enumerate(item.items)
    )


def body_html(body: RichText) -> str:
    """A whole body as one HTML string, unsplit (sections as bold headings)."""
    return join_blocks((item, block_html(item)) for item in body.flat_blocks())


def measure(item: Block) -> int:
    """The length Telegram counts for one block: its text once the HTML is parsed."""
    return visible_length(block_html(item))


def visible_length(markup: str) -> int:
    """Characters of our own HTML as Telegram counts them: tags removed, entities as one
    character, in UTF-16 code units (an emoji may count twice)."""
    text = html.unescape(_TAG.sub("", markup))
    return len(text.encode("utf-16-le")) // 2
