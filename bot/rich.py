"""Rich text the core writes and every adapter renders natively (DESIGN.md section 2).

A `RichText` is a few blocks (paragraphs, bullet or numbered lists, headings) and optional
titled sections, each made of inline spans. `Text` is wording the core wrote; `Literal` is
text a user supplied (a challenge or display name): renderers escape it completely, so it
never becomes formatting, a link or a mention. Write replies with the builders:

    rich.text("Join with ", rich.code('/challenge join "Hip Club"'))
    rich.paragraph("Challenge ", rich.literal(name), " created.")

Laying it out as plain text (and the list markers and block spacing every renderer shares)
is in `bot.rich_layout`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from string import Formatter


@dataclass(frozen=True, slots=True)
class Text:
    """Plain wording written by the core."""

    text: str


@dataclass(frozen=True, slots=True)
class Literal:
    """User-supplied text: shown exactly as typed, never formatting, a link or a mention."""

    text: str


@dataclass(frozen=True, slots=True)
class Code:
    """Inline code (a command to type); its content is shown as is."""

    text: str


@dataclass(frozen=True, slots=True)
class Bold:
    """Strong emphasis around other spans."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Italic:
    """Emphasis around other spans."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Link:
    """A link with its visible text."""

    url: str
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class CommandRef(Code):
    """A command to type, shown as `text` (its text usage line) wherever nothing better is
    known; it names the declared command and form so that an adapter whose commands look
    different (Discord's typed options and localised names) can show its own form."""

    command: str
    form: str
    options: tuple[tuple[str, bool], ...]  # each parameter's name, and whether it is required
    moderator: bool = False


Inline = Text | Literal | Code | Bold | Italic | Link
Leaf = Text | Literal | Code
Part = str | Inline  # what builders accept: a str is core wording (`Text`)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A run of inline spans; a newline inside a `Text` is a line break."""

    spans: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Heading:
    """A short heading line, shown in bold, directly followed by what it heads."""

    spans: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class BulletList:
    """Items shown one per line with a bullet."""

    items: tuple[tuple[Inline, ...], ...]


@dataclass(frozen=True, slots=True)
class NumberedList:
    """Items shown one per line, numbered from `start`."""

    items: tuple[tuple[Inline, ...], ...]
    start: int = 1


Block = Paragraph | Heading | BulletList | NumberedList


@dataclass(frozen=True, slots=True)
class Section:
    """A titled part of a reply: a Discord embed field, a bold heading elsewhere."""

    title: tuple[Inline, ...]
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class RichText:
    """A whole message body: blocks first, then sections."""

    blocks: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()

    def flat_blocks(self) -> tuple[Block, ...]:
        """Blocks with each section turned into a heading and its blocks."""
        flat = list(self.blocks)
        for item in self.sections:
            flat.append(Heading(item.title))
            flat.extend(item.blocks)
        return tuple(flat)


# --- builders -------------------------------------------------------------------------------


def spans(parts: Iterable[Part]) -> tuple[Inline, ...]:
    """Parts as spans: a str becomes `Text`; empty strings are dropped."""
    return tuple(Text(part) if isinstance(part, str) else part for part in parts if part != "")


def literal(value: object) -> Literal:
    """User-supplied text (a name, a typed value) that must stay literal."""
    return Literal(str(value))


def code(value: str) -> Code:
    """Inline code, e.g. a command to type."""
    return Code(value)


def bold(*parts: Part) -> Bold:
    """Bold spans."""
    return Bold(spans(parts))


def italic(*parts: Part) -> Italic:
    """Italic spans."""
    return Italic(spans(parts))


def link(url: str, *parts: Part) -> Link:
    """A link; without text parts the URL itself is shown."""
    return Link(url, spans(parts) or (Text(url),))


def paragraph(*parts: Part) -> Paragraph:
    """One paragraph of spans."""
    return Paragraph(spans(parts))


def lines(*rows: Part | tuple[Part, ...]) -> Paragraph:
    """One paragraph whose rows are separate lines."""
    joined: list[Part] = []
    for number, row in enumerate(rows):
        if number:
            joined.append("\n")
        joined.extend(row if isinstance(row, tuple) else (row,))
    return paragraph(*joined)


def heading(*parts: Part) -> Heading:
    """A bold heading line."""
    return Heading(spans(parts))


def _items(items: Iterable[Part | tuple[Part, ...]]) -> tuple[tuple[Inline, ...], ...]:
    return tuple(spans(item if isinstance(item, tuple) else (item,)) for item in items)


def bullets(*items: Part | tuple[Part, ...]) -> BulletList:
    """A bullet list; an item is one part or a tuple of parts."""
    return BulletList(_items(items))


def numbered(*items: Part | tuple[Part, ...], start: int = 1) -> NumberedList:
    """A numbered list; an item is one part or a tuple of parts."""
    return NumberedList(_items(items), start)


def section(title: Part | tuple[Part, ...], *blocks: Block | str) -> Section:
    """A titled section of blocks (a str is a plain paragraph)."""
    title_parts = title if isinstance(title, tuple) else (title,)
    return Section(spans(title_parts), tuple(_block(block) for block in blocks))


def _block(block: Block | str) -> Block:
    return paragraph(block) if isinstance(block, str) else block


def doc(*parts: RichText | Block | Section | str) -> RichText:
    """A message body from blocks, sections and other bodies (a str is a plain body)."""
    blocks: list[Block] = []
    sections: list[Section] = []
    for part in parts:
        if isinstance(part, RichText):
            blocks.extend(part.blocks)
            sections.extend(part.sections)
        elif isinstance(part, Section):
            sections.append(part)
        elif isinstance(part, str):
            blocks.extend(plain(part).blocks)
        else:
            blocks.append(part)
    return RichText(tuple(blocks), tuple(sections))


def text(*parts: Part) -> RichText:
    """A body of one paragraph."""
    return RichText((paragraph(*parts),))


def fill(template: str, *values: object) -> RichText:
    """Core wording with `{}` slots, like an f-string that cannot be injected into: each value
    becomes a `Literal` (an inline span is used as it is)."""
    return RichText((Paragraph(filled(template, *values)),))


def filled(template: str, *values: object) -> tuple[Inline, ...]:
    """The spans of `fill`, for a list item or a line."""
    pieces = template.split("{}")
    if len(pieces) != len(values) + 1:
        raise ValueError(f"{template!r} has {len(pieces) - 1} slots for {len(values)} values")
    parts: list[Part] = [pieces[0]]
    for value, piece in zip(values, pieces[1:], strict=True):
        if isinstance(value, Text | Literal | Code | Bold | Italic | Link):
            parts.append(value)
        else:
            parts.append(Literal(str(value)))
        parts.append(piece)
    return spans(parts)


def named(template: str, **values: object) -> tuple[Inline, ...]:
    """Translated wording with `{name}` fields: each value becomes a `Literal` (an inline
    span is used as it is, a tuple of parts spliced in, a whole number grouped); without
    values the template is taken as it stands."""
    if not values:
        return spans((template,))
    parts: list[Part] = []
    for before, field, _spec, _conversion in Formatter().parse(template):
        parts.append(before)
        if field is not None:
            value = values[field]
            if isinstance(value, tuple):  # several parts, e.g. a list of names
                parts.extend(value)
            else:
                parts.append(_span(value))
    return spans(parts)


def _span(value: object) -> Inline:
    """A field's value as a span: spans as they are, whole numbers grouped (1,234)."""
    if isinstance(value, Text | Literal | Code | Bold | Italic | Link):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Literal(f"{value:,}")
    return Literal(str(value))


def template(text: str, **values: object) -> RichText:
    """A body from wording with `{name}` fields, one paragraph per blank-line-separated part."""
    return RichText(tuple(Paragraph(named(part, **values)) for part in text.split("\n\n")))


def plain(value: str) -> RichText:
    """Core wording as a body: one paragraph per blank-line-separated part, nothing else."""
    return RichText(tuple(Paragraph(spans((part,))) for part in value.split("\n\n")))
