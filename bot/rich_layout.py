"""Walking rich text: laid out as plain text (list markers, spacing between blocks), or with
some spans replaced.

The console shows `plain_text`; the Discord and Telegram renderers use the same list markers
and block spacing so every platform reads alike; an adapter rewords spans it shows its own way
with `replace_spans`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from bot.rich import (
    Block,
    Bold,
    BulletList,
    Code,
    Heading,
    Inline,
    Italic,
    Link,
    Literal,
    NumberedList,
    Paragraph,
    RichText,
    Section,
    Text,
)


def inline_plain(items: Iterable[Inline]) -> str:
    """Spans as plain text: formatting dropped, a link as 'text (url)'."""
    out: list[str] = []
    for item in items:
        if isinstance(item, Text | Literal | Code):
            out.append(item.text)
        elif isinstance(item, Link):
            label = inline_plain(item.children)
            out.append(label if label == item.url else f"{label} ({item.url})")
        else:
            out.append(inline_plain(item.children))
    return "".join(out)


def item_prefix(block: BulletList | NumberedList, index: int, bullet: str = "• ") -> str:
    """The marker of one list item: the bullet, or the item's number."""
    if isinstance(block, BulletList):
        return bullet
    return f"{block.start + index}. "


def separator(before: Block) -> str:
    """What goes between a block and the next: a heading sticks to what it heads."""
    return "\n" if isinstance(before, Heading) else "\n\n"


def join_blocks(rendered: Iterable[tuple[Block, str]]) -> str:
    """Rendered blocks joined with the separator each block asks for."""
    out: list[str] = []
    previous: Block | None = None
    for block, piece in rendered:
        if previous is not None:
            out.append(separator(previous))
        out.append(piece)
        previous = block
    return "".join(out)


def block_plain(block: Block) -> str:
    """One block as plain text; list items one per line."""
    if isinstance(block, Paragraph | Heading):
        return inline_plain(block.spans)
    return "\n".join(
        item_prefix(block, index) + inline_plain(item).replace("\n", "\n   ")
        for index, item in enumerate(block.items)
    )


def plain_text(body: RichText) -> str:
    """A whole body as plain text."""
    return join_blocks((block, block_plain(block)) for block in body.flat_blocks())


def replace_spans(body: RichText, swap: Callable[[Inline], Inline]) -> RichText:
    """The body with every top-level and nested span passed through `swap`."""

    def inline(items: tuple[Inline, ...]) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for span in items:
            if isinstance(span, Bold | Italic):
                span = type(span)(inline(span.children))
            elif isinstance(span, Link):
                span = Link(span.url, inline(span.children))
            out.append(swap(span))
        return tuple(out)

    def block(item: Block) -> Block:
        if isinstance(item, Paragraph | Heading):
            return type(item)(inline(item.spans))
        if isinstance(item, BulletList):
            return BulletList(tuple(inline(spans) for spans in item.items))
        return NumberedList(tuple(inline(spans) for spans in item.items), item.start)

    return RichText(
        tuple(block(item) for item in body.blocks),
        tuple(Section(inline(s.title), tuple(block(b) for b in s.blocks)) for s in body.sections),
    )
