"""The knowledge base's Markdown as rich text, parsed with markdown-it-py (CommonMark).

Paragraphs, bullet and numbered lists, headings, bold, italic, inline code and links map
onto `bot.rich`; a quote becomes its paragraphs, a code block lines of code, a rule nothing.
Raw HTML is not interpreted: it stays visible text. Nested lists are flattened into their
parent item as extra lines.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from bot import rich
from bot.rich import Block, BulletList, Inline, NumberedList, RichText
from bot.rich_layout import item_prefix


def parse_markdown(source: str) -> RichText:
    """Markdown as a rich-text body (pure; call it once per text and keep the result)."""
    parser = MarkdownIt("commonmark", {"html": False})
    tree = SyntaxTreeNode(parser.parse(source))
    return RichText(tuple(_blocks(tree.children)))


def _blocks(nodes: Sequence[SyntaxTreeNode]) -> Iterator[Block]:
    for node in nodes:
        if node.type == "paragraph":
            yield rich.Paragraph(_inline_of(node))
        elif node.type == "heading":
            yield rich.Heading(_inline_of(node))
        elif node.type in ("bullet_list", "ordered_list"):
            yield _list(node)
        elif node.type == "blockquote":
            yield from _blocks(node.children)
        elif node.type in ("fence", "code_block"):
            code_lines = node.content.rstrip("\n").split("\n")
            yield rich.lines(*(rich.code(line) for line in code_lines))


def _list(node: SyntaxTreeNode) -> BulletList | NumberedList:
    items = tuple(_item(child) for child in node.children if child.type == "list_item")
    if node.type == "ordered_list":
        start = node.attrs.get("start", 1)
        return NumberedList(items, int(start) if isinstance(start, int | float | str) else 1)
    return BulletList(items)


def _item(node: SyntaxTreeNode) -> tuple[Inline, ...]:
    """One list item: its paragraphs as lines, a nested list's items as further lines."""
    parts: list[Inline] = []
    for block in _blocks(node.children):
        if parts:
            parts.append(rich.Text("\n"))
        if isinstance(block, BulletList | NumberedList):
            for index, item in enumerate(block.items):
                prefix = "\n" if index else ""
                parts.extend((rich.Text(prefix + item_prefix(block, index, "– ")), *item))
        else:
            parts.extend(block.spans)
    return _merged(parts)


def _inline_of(node: SyntaxTreeNode) -> tuple[Inline, ...]:
    spans: list[Inline] = []
    for child in node.children:
        spans.extend(_inline(child.children) if child.type == "inline" else ())
    return _merged(spans)


def _inline(nodes: Sequence[SyntaxTreeNode]) -> list[Inline]:
    spans: list[Inline] = []
    for node in nodes:
        if node.type in ("softbreak", "hardbreak"):
            spans.append(rich.Text("\n"))
        elif node.type == "code_inline":
            spans.append(rich.Code(node.content))
        elif node.type == "strong":
            spans.append(rich.Bold(_merged(_inline(node.children))))
        elif node.type == "em":
            spans.append(rich.Italic(_merged(_inline(node.children))))
        elif node.type in ("link", "image"):
            url = str(node.attrs.get("href") or node.attrs.get("src") or "")
            label = _merged(_inline(node.children)) or (rich.Text(url),)
            spans.append(rich.Link(url, label))
        elif node.content:
            spans.append(rich.Text(node.content))
    return spans


def _merged(spans: Sequence[Inline]) -> tuple[Inline, ...]:
    """Adjacent plain text joined into one span; empty text dropped."""
    out: list[Inline] = []
    for span in spans:
        if isinstance(span, rich.Text):
            if not span.text:
                continue
            if out and isinstance(out[-1], rich.Text):
                out[-1] = rich.Text(out[-1].text + span.text)
                continue
        out.append(span)
    return tuple(out)
