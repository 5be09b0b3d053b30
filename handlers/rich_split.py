"""Cutting rich text into messages that fit a platform's limit, with formatting kept intact.

Both chat adapters use it with their own renderer as the ruler. Blocks are packed whole
where they fit; a block that does not is cut between its lines (list items, line breaks),
and a line longer than a whole message between words, or as a last resort between
characters. Cuts happen in the model, so every piece is rendered (and escaped) on its own:
no tag, entity or escape is ever cut in half, and bold stays bold on both sides of a cut.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from bot import rich, rich_layout
from bot.rich import Block, BulletList, Heading, Inline, Leaf, NumberedList, Paragraph

Measure = Callable[[Block], int]  # the rendered length of one block
Frame = tuple[str, str]  # a wrapper around leaves: ("bold", ""), ("italic", ""), ("link", url)
Piece = tuple[tuple[Frame, ...], Leaf]
_WORDS = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True, slots=True)
class _Line:
    source: int  # lines of one source block are joined back with a line break
    block: Block  # a block of exactly one line
    continued: bool  # a later part of a line that was cut in two: always a new message


def split_blocks(blocks: Sequence[Block], limit: int, measure: Measure) -> list[tuple[Block, ...]]:
    """The blocks as groups that each render (joined by `join_blocks`) within `limit`."""
    chunks: list[tuple[Block, ...]] = []
    current: list[_Line] = []
    size = 0
    for line in _lines(blocks, limit, measure):
        width = measure(line.block)
        gap = len(_gap(current[-1], line)) if current else 0
        if current and (line.continued or size + gap + width > limit):
            chunks.append(_rejoin(current))
            current, size, gap = [], 0, 0
        current.append(line)
        size += gap + width
    if current:
        chunks.append(_rejoin(current))
    return chunks


def _gap(before: _Line, after: _Line) -> str:
    return "\n" if before.source == after.source else rich_layout.separator(before.block)


def _lines(blocks: Sequence[Block], limit: int, measure: Measure) -> Iterator[_Line]:
    source = 0
    for block in blocks:
        source += 1
        for one in _one_line_blocks(block):
            if measure(one) <= limit:
                yield _Line(source, one, False)
                continue
            for number, piece in enumerate(_cut(one, limit, measure)):
                source += 1
                yield _Line(source, piece, number > 0)
            source += 1


def _one_line_blocks(block: Block) -> list[Block]:
    if isinstance(block, Paragraph):
        return [Paragraph(line) for line in split_lines(block.spans)]
    if isinstance(block, BulletList):
        return [BulletList((item,)) for item in block.items]
    if isinstance(block, NumberedList):
        return [NumberedList((item,), block.start + n) for n, item in enumerate(block.items)]
    return [block]


def _rejoin(lines: list[_Line]) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for number, line in enumerate(lines):
        if number and lines[number - 1].source == line.source:
            blocks[-1] = _merge(blocks[-1], line.block)
        else:
            blocks.append(line.block)
    return tuple(blocks)


def _merge(first: Block, second: Block) -> Block:
    if isinstance(first, BulletList) and isinstance(second, BulletList):
        return BulletList(first.items + second.items)
    if isinstance(first, NumberedList) and isinstance(second, NumberedList):
        return NumberedList(first.items + second.items, first.start)
    if isinstance(first, Paragraph) and isinstance(second, Paragraph):
        return Paragraph((*first.spans, rich.Text("\n"), *second.spans))
    raise ValueError(f"cannot join {type(first).__name__} and {type(second).__name__}")


# --- one line too long for a message --------------------------------------------------------


def _content(block: Block) -> tuple[tuple[Inline, ...], Block]:
    """A one-line block's spans, and the same block emptied (to measure its marker)."""
    if isinstance(block, BulletList):
        return block.items[0], BulletList(((),))
    if isinstance(block, NumberedList):
        return block.items[0], NumberedList(((),), block.start)
    if isinstance(block, Heading):
        return block.spans, Heading(())
    return block.spans, Paragraph(())


def _with_spans(template: Block, spans: tuple[Inline, ...]) -> Block:
    if isinstance(template, BulletList):
        return BulletList((spans,))
    if isinstance(template, NumberedList):
        return NumberedList((spans,), template.start)
    return Heading(spans) if isinstance(template, Heading) else Paragraph(spans)


def _cut(block: Block, limit: int, measure: Measure) -> list[Block]:
    """A line cut between words (characters for a word too long): the first part keeps the
    line's marker, the rest are plain paragraphs."""
    spans, empty = _content(block)
    tokens = _tokens(spans, limit, measure)
    parts: list[list[Piece]] = [[]]
    used, room = 0, limit - measure(empty)
    for piece, width in tokens:
        if parts[-1] and used + width > room:
            parts.append([])
            used, room = 0, limit
        parts[-1].append(piece)
        used += width
    cut = [_trimmed(part) for part in parts]
    return [_with_spans(empty if n == 0 else Paragraph(()), s) for n, s in enumerate(cut) if s]


def _tokens(spans: tuple[Inline, ...], limit: int, measure: Measure) -> list[tuple[Piece, int]]:
    tokens: list[tuple[Piece, int]] = []
    for path, leaf in leaves(spans):
        for word in _WORDS.findall(leaf.text):
            width = _width(path, leaf, word, measure)
            if width <= limit // 2:
                tokens.append(((path, _leaf(leaf, word)), width))
                continue
            for character in word:  # a word longer than half a message: cut anywhere
                piece = (path, _leaf(leaf, character))
                tokens.append((piece, _width(path, leaf, character, measure)))
    return tokens


def _width(path: tuple[Frame, ...], leaf: Leaf, text: str, measure: Measure) -> int:
    return measure(Paragraph(rebuild([(path, _leaf(leaf, text))])))


def _trimmed(part: list[Piece]) -> tuple[Inline, ...]:
    """A part's spans without the spaces where it was cut."""
    items = list(part)
    if items:
        path, leaf = items[0]
        items[0] = (path, _leaf(leaf, leaf.text.lstrip()))
        path, leaf = items[-1]
        items[-1] = (path, _leaf(leaf, leaf.text.rstrip()))
    return rebuild([item for item in items if item[1].text])


# --- spans as leaves and back ------------------------------------------------------------------


def _leaf(leaf: Leaf, text: str) -> Leaf:
    return dataclasses.replace(leaf, text=text)


def leaves(spans: Sequence[Inline], path: tuple[Frame, ...] = ()) -> Iterator[Piece]:
    """Every text-carrying span with the bold/italic/link wrappers around it."""
    for span in spans:
        if isinstance(span, rich.Bold):
            yield from leaves(span.children, (*path, ("bold", "")))
        elif isinstance(span, rich.Italic):
            yield from leaves(span.children, (*path, ("italic", "")))
        elif isinstance(span, rich.Link):
            yield from leaves(span.children, (*path, ("link", span.url)))
        else:
            yield path, span


def rebuild(pieces: Sequence[Piece]) -> tuple[Inline, ...]:
    """Spans from leaves: neighbours with the same wrappers share one wrapper again."""
    out: list[Inline] = []
    index = 0
    while index < len(pieces):
        path, leaf = pieces[index]
        if not path:
            last = out[-1] if out else None
            # A CommandRef is whole: it is never merged into a neighbour.
            if type(last) in (rich.Text, rich.Literal, rich.Code) and type(last) is type(leaf):
                out[-1] = _leaf(leaf, last.text + leaf.text)
            else:
                out.append(leaf)
            index += 1
            continue
        end = index
        while end < len(pieces) and pieces[end][0][:1] == path[:1]:
            end += 1
        inner = rebuild([(p[1:], item) for p, item in pieces[index:end]])
        out.append(_wrap(path[0], inner))
        index = end
    return tuple(out)


def _wrap(frame: Frame, inner: tuple[Inline, ...]) -> Inline:
    kind, url = frame
    if kind == "bold":
        return rich.Bold(inner)
    if kind == "italic":
        return rich.Italic(inner)
    return rich.Link(url, inner)


def split_lines(spans: Sequence[Inline]) -> list[tuple[Inline, ...]]:
    """Spans cut at their line breaks (formatting continues on the next line)."""
    rows: list[list[Piece]] = [[]]
    for path, leaf in leaves(spans):
        for number, text in enumerate(leaf.text.split("\n")):
            if number:
                rows.append([])
            if text:
                rows[-1].append((path, _leaf(leaf, text)))
    return [rebuild(row) for row in rows]
