"""Replies as Telegram HTML: escaped text, a bold title, chunks of at most 4,096 characters."""

from __future__ import annotations

import html
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.types import Reply

MAX_MESSAGE_CHARS = 4096
# Split points in order of preference: paragraphs, then lines, then words.
SEPARATORS = ("\n\n", "\n", " ")


def escape(text: str) -> str:
    """Make plain text safe inside Telegram HTML (quotes need no escaping outside tags)."""
    return html.escape(text, quote=False)


@dataclass(frozen=True)
class Rendered:
    """One reply ready to send: HTML chunks, the keyboard for the last chunk, and the files."""

    chunks: list[str]
    keyboard: InlineKeyboardMarkup | None


def render_reply(reply: Reply, limit: int = MAX_MESSAGE_CHARS) -> Rendered:
    """Turn a core reply into escaped HTML chunks; the core always sends plain text."""
    body = reply.text
    title = f"<b>{escape(reply.title)}</b>" if reply.title else ""
    chunks = split_html(body, limit)
    if title:
        if chunks and len(title) + 1 + len(chunks[0]) <= limit:
            chunks[0] = f"{title}\n{chunks[0]}"
        else:
            chunks.insert(0, title[:limit])
    return Rendered(chunks=[chunk for chunk in chunks if chunk.strip()], keyboard=keyboard(reply))


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


def split_html(text: str, limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """Escape plain text and cut it into chunks of at most `limit` characters.

    Cuts fall on paragraph boundaries when possible, then lines, then words, and only
    as a last resort inside a word; an HTML entity is never cut in half.
    """
    return [escape(piece) for piece in _split_plain(text.strip(), limit, 0)]


def _escaped_len(text: str) -> int:
    return len(escape(text))


def _split_plain(text: str, limit: int, level: int) -> list[str]:
    if _escaped_len(text) <= limit:
        return [text] if text else []
    if level >= len(SEPARATORS):
        return _hard_split(text, limit)
    separator = SEPARATORS[level]
    pieces: list[str] = []
    current, size = "", 0  # escaping works per character, so sizes simply add up
    for part in text.split(separator):
        part_size = _escaped_len(part)
        joined = size + len(separator) + part_size if current else part_size
        if joined <= limit:
            current = f"{current}{separator}{part}" if current else part
            size = joined
            continue
        if current:
            pieces.append(current)
        if part_size <= limit:
            current, size = part, part_size
        else:
            pieces.extend(_split_plain(part, limit, level + 1))
            current, size = "", 0
    if current:
        pieces.append(current)
    return [piece.strip() for piece in pieces if piece.strip()]


def _hard_split(text: str, limit: int) -> list[str]:
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for character in text:
        width = _escaped_len(character)
        if size + width > limit:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(character)
        size += width
    if current:
        pieces.append("".join(current))
    return pieces
