"""Leaderboards and podiums as rich text (pure): names are members' and moderators' own
words, so every one of them is a `Literal`."""

from __future__ import annotations

from collections.abc import Sequence

from bot import rich
from bot.challenges.rules import BoardRow, member_count
from bot.i18n import Translator, english
from bot.marks import N_
from bot.rich import Part, RichText

BOARD_NAME_CHARS = 20
MEDALS = {1: "🥇", 2: "🥈", 3: "🥉"}


def short_name(name: str) -> str:
    """A display name cut to fit a board line."""
    clean = " ".join(name.split()) or "someone"
    if len(clean) <= BOARD_NAME_CHARS:
        return clean
    return clean[: BOARD_NAME_CHARS - 1] + "…"


def board_line(row: BoardRow, tr: Translator, *, me: bool = False) -> tuple[Part, ...]:
    """'🥇 1. Alice — 42' style line; the caller's own line is marked."""
    medal = MEDALS.get(row.rank, "▫️")
    marker = " " + tr.gettext("← you") if me else ""
    return (
        f"{medal} {row.rank:>2}. ",
        rich.literal(short_name(row.name)),
        f" — {tr.number(row.score)}{marker}",
    )


def render_board(
    title: str,
    status: str,
    unit: str,
    rows: Sequence[BoardRow],
    mine: BoardRow | None,
    members: int,
    tr: Translator | None = None,
) -> RichText:
    """The board: a header with the challenge's name, then one line per member."""
    tr = tr or english()
    counted = member_count(members, tr)
    header = (rich.bold(rich.literal(title)), f" · {unit} · {status} · {counted}")
    if not rows:
        empty = tr.gettext("No one has joined yet. Join with /challenge join.")
        return RichText((rich.lines(header, empty),))
    my_id = mine.athlete_id if mine else None
    lines = [header, *(board_line(row, tr, me=row.athlete_id == my_id) for row in rows)]
    if mine is not None and all(row.athlete_id != mine.athlete_id for row in rows):
        lines += [("  …",), board_line(mine, tr, me=True)]
    return RichText((rich.lines(*lines),))


def render_podium(
    title: str, unit: str, rows: Sequence[BoardRow], members: int, tr: Translator
) -> RichText:
    """The end-of-challenge announcement: ranks 1-3 (ties included) with a score above 0."""
    name = rich.bold(rich.literal(title))
    podium = [row for row in rows if row.rank <= 3 and row.score > 0]
    if not podium:
        nobody = N_("{name} has ended. Nobody scored this time: maybe next round!")
        return rich.text(*tr.spans(nobody, name=name))
    ended = tr.spans("{name} has ended! The podium ({unit}):", name=name, unit=rich.Text(unit))
    lines = [ended, *(board_line(row, tr) for row in podium)]
    thanks = tr.gettext("Thanks to all {count} who took part.", count=tr.number(members))
    lines.append((thanks,))
    return RichText((rich.lines(*lines),))
