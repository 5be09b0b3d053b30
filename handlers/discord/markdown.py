"""Rich text as Discord Markdown: `**bold**`, `*italic*`, `` `code` ``, `[text](url)`, lists.

Every text span is escaped on its own, so one span can never pair up with another to form
formatting or a masked link (escaping the whole message at once pairs the first `[` with the
last `)` when a name appears twice). Core wording keeps bare URLs clickable; a `Literal`
(user text) is neutralised completely: Markdown, masked links, bare URLs, list and heading
markers, `<...>` mentions, emoji and timestamps, and `@everyone` / `@here`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import discord

from bot import rich, rich_layout
from bot.rich import Block, Heading, Inline, Paragraph

BULLET = "- "
# Characters escape_markdown leaves alone that could still start a masked link (`[` `]`);
# in user text also the link's target (`(` `)`), a mention, emoji or timestamp (`<` `>` `:`),
# a heading, list or subtext marker (`#` `-` `.` `+`) or a URL scheme (`:`).
_LINK_CHARACTERS = re.compile(r"([\[\]])")
_LITERAL_CHARACTERS = re.compile(r"([\[\]()<>:#\-.+])")
_SAFE_SCHEMES = ("http://", "https://")


def _escape_split(text: str, pattern: re.Pattern[str], *, ignore_links: bool) -> str:
    """Backslash the characters `pattern` matches and escape_markdown the runs between them.

    Splitting first keeps escape_markdown from seeing a `[...](...)` pattern, which it
    escapes with a single backslash in front of the whole span.
    """
    out: list[str] = []
    for number, part in enumerate(pattern.split(text)):
        if number % 2:
            out.append("\\" + part)
        elif part:
            out.append(discord.utils.escape_markdown(part, ignore_links=ignore_links))
    return "".join(out)


def escape_text(text: str) -> str:
    """Core wording shown as typed: no formatting or masked link; bare URLs still work."""
    return _escape_split(text, _LINK_CHARACTERS, ignore_links=True)


def escape_literal(text: str) -> str:
    """User text shown as typed: no formatting, link, mention, emoji or list of any kind."""
    flat = " ".join(text.splitlines())
    escaped = _escape_split(flat, _LITERAL_CHARACTERS, ignore_links=False)
    return discord.utils.escape_mentions(escaped)


def code(text: str) -> str:
    """Inline code: a fence longer than any run of backticks inside, so nothing escapes it."""
    flat = " ".join(text.splitlines())
    if not flat:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def _url(url: str) -> str | None:
    if not url.lower().startswith(_SAFE_SCHEMES):
        return None
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace(">", "%3E")


def _wrapped(marker: str, inner: str) -> str:
    return f"{marker}{inner}{marker}" if inner.strip() else inner


def inline(spans: Iterable[Inline]) -> str:
    """Spans as Discord Markdown, each escaped on its own."""
    out: list[str] = []
    for span in spans:
        if isinstance(span, rich.Text):
            out.append(escape_text(span.text))
        elif isinstance(span, rich.Literal):
            out.append(escape_literal(span.text))
        elif isinstance(span, rich.Code):
            out.append(code(span.text))
        elif isinstance(span, rich.Bold):
            out.append(_wrapped("**", inline(span.children)))
        elif isinstance(span, rich.Italic):
            out.append(_wrapped("*", inline(span.children)))
        else:
            label, url = inline(span.children), _url(span.url)
            out.append(f"[{label}]({url})" if url and label.strip() else label)
    return "".join(out)


def block(item: Block) -> str:
    """One block: a paragraph, a bold heading line, or a list with one item per line."""
    if isinstance(item, Paragraph):
        return inline(item.spans)
    if isinstance(item, Heading):
        return _wrapped("**", inline(item.spans))
    return "\n".join(
        rich_layout.item_prefix(item, index, BULLET) + inline(spans).replace("\n", "\n   ")
        for index, spans in enumerate(item.items)
    )


def blocks(items: Iterable[Block]) -> str:
    """Blocks joined the way `bot.rich` spaces them."""
    return rich_layout.join_blocks((item, block(item)) for item in items)


def measure(item: Block) -> int:
    """The rendered length of one block (the ruler for splitting)."""
    return len(block(item))
