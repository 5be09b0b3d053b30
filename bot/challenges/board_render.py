"""Leaderboards and podiums as rich text (pure): names are members' and moderators' own
words, so every one of them is a `Literal`."""

from __future__ import annotations

from collections.abc import Sequence

from bot import rich
from bot.challenges.rules import BoardRow, member_count
from bot.rich import Part, RichText

BOARD_NAME_CHARS = 20
MEDALS = {1: "🥇", 2: "🥈", 3: "🥉"}


def short_name(name: str) -> str:
    """A display name cut to fit a board line."""
    clean = " ".join(name.split()) or "someone"
    if len(clean) <= BOARD_NAME_CHARS:
        return clean
    return clean[: BOARD_NAME_CHARS - 1] + "…"


def board_line(row: BoardRow, *, me: bool = False) -> tuple[Part, ...]:
    """'🥇 1. Alice — 42' style line; the caller's own line is marked."""
    medal = MEDALS.get(row.rank, "▫️")
    marker = " ← you" if me else ""
    return (
        f"{medal} {row.rank:>2}. ",
        rich.literal(short_name(row.name)),
        f" — {row.score:,}{marker}",
    )


def render_board(
    title: str,
    status: str,
    unit: str,
    rows: Sequence[BoardRow],
    mine: BoardRow | None,
    members: int,
) -> RichText:
    """The board: a header with the challenge's name, then one line per member."""
    header = (rich.bold(rich.literal(title)), f" · {unit} · {status} · {member_count(members)}")
    if not rows:
        return RichText((rich.lines(header, "No one has joined yet. Join with /challenge join."),))
    my_id = mine.athlete_id if mine else None
    lines = [header, *(board_line(row, me=row.athlete_id == my_id) for row in rows)]
    if mine is not None and all(row.athlete_id != mine.athlete_id for row in rows):
        lines += [("  …",), board_line(mine, me=True)]
    return RichText((rich.lines(*lines),))


def render_podium(title: str, unit: str, rows: Sequence[BoardRow], members: int) -> RichText:
    """The end-of-challenge announcement: ranks 1-3 (ties included) with a score above 0."""
    name = rich.bold(rich.literal(title))
    podium = [row for row in rows if row.rank <= 3 and row.score > 0]
    if not podium:
        return rich.text(name, " has ended. Nobody scored this time: maybe next round!")
    lines = [(name, f" has ended! The podium ({unit}):"), *(board_line(row) for row in podium)]
    lines.append((f"Thanks to all {members:,} who took part.",))
    return RichText((rich.lines(*lines),))
