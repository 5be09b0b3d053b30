"""Leaderboards and podiums as rich text (pure), in one language: names are members' and
moderators' own words, so every one of them is a `Literal`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot import rich
from bot.challenges.rules import BoardRow, Metric
from bot.i18n import Translator
from bot.rich import Inline, Part, RichText

BOARD_NAME_CHARS = 20
MEDALS = {1: "🥇", 2: "🥈", 3: "🥉"}
NAME = "{name}"  # the slot a member's or challenge's name goes in, kept through gettext


def short_name(name: str) -> str:
    """A display name cut to fit a board line."""
    clean = " ".join(name.split()) or "someone"
    if len(clean) <= BOARD_NAME_CHARS:
        return clean
    return clean[: BOARD_NAME_CHARS - 1] + "…"


def unit_text(tr: Translator, metric: Metric) -> str:
    """What the score counts, for headers: sessions, streak days, <exercise> reps."""
    if metric.kind == "reps":
        return tr.gettext("{exercise} reps", exercise=metric.exercise_id or "")
    return tr.gettext("streak days") if metric.kind == "streak" else tr.gettext("sessions")


def status_text(tr: Translator, today: date, start: date, end: date) -> str:
    """starts in N days / N days left / last day / ended."""
    if today < start:
        wait = (start - today).days
        return tr.ngettext("starts in {count} day", "starts in {count} days", wait)
    if today > end:
        return tr.gettext("ended")
    left = (end - today).days + 1  # today counts
    if left == 1:
        return tr.gettext("last day")
    return tr.ngettext("{count} day left", "{count} days left", left)


def board_line(tr: Translator, row: BoardRow, *, me: bool = False) -> tuple[Part, ...]:
    """'🥇 1. Alice — 42' style line; the caller's own line is marked."""
    medal = MEDALS.get(row.rank, "▫️")
    marker = " ← " + tr.gettext("you") if me else ""
    return (
        f"{medal} {row.rank:>2}. ",
        rich.literal(short_name(row.name)),
        f" — {tr.number(row.score)}{marker}",
    )


def render_board(
    tr: Translator,
    title: str,
    status: str,
    unit: str,
    rows: Sequence[BoardRow],
    mine: BoardRow | None,
    members: int,
) -> RichText:
    """The board: a header with the challenge's name, then one line per member."""
    count = tr.ngettext("{count} member", "{count} members", members)
    header = (rich.bold(rich.literal(title)), f" · {unit} · {status} · {count}")
    if not rows:
        nobody = tr.gettext("No one has joined yet. Join with /challenge join.")
        return RichText((rich.lines(header, nobody),))
    my_id = mine.athlete_id if mine else None
    lines = [header, *(board_line(tr, row, me=row.athlete_id == my_id) for row in rows)]
    if mine is not None and all(row.athlete_id != mine.athlete_id for row in rows):
        lines += [("  …",), board_line(tr, mine, me=True)]
    return RichText((rich.lines(*lines),))


def render_podium(
    tr: Translator, title: str, unit: str, rows: Sequence[BoardRow], members: int
) -> RichText:
    """The end-of-challenge announcement: ranks 1-3 (ties included) with a score above 0."""
    name = rich.bold(rich.literal(title))
    podium = [row for row in rows if row.rank <= 3 and row.score > 0]
    if not podium:
        nobody = tr.gettext(
            "{name} has ended. Nobody scored this time: maybe next round!", name=NAME
        )
        return RichText((rich.paragraph(*_named(nobody, name)),))
    ended = tr.gettext("{name} has ended! The podium ({unit}):", name=NAME, unit=unit)
    thanks = tr.ngettext(
        "Thanks to the {count} member who took part.",
        "Thanks to all {count} who took part.",
        members,
    )
    lines = [_named(ended, name), *(board_line(tr, row) for row in podium), (thanks,)]
    return RichText((rich.lines(*lines),))


def _named(template: str, name: Part) -> tuple[Inline, ...]:
    """The translated wording with the name's span where its translator put `{name}`."""
    before, _, after = template.partition(NAME)
    return rich.spans((before, name, after))
