"""A week's program as text: plain for `hipcoach program`, rich for the `/program` reply.

The rich form is one message: a summary, one section per session (a Discord embed field,
a bold heading on Telegram) and the notes; adapters split it only at their platform's limit.
"""

from __future__ import annotations

from bot import rich
from bot.programs.model import Prescription, Session, WeekProgram
from bot.rich import Part, RichText

MESSAGE_LIMIT = 4096
WEEKDAY_NAMES = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}
KIND_LABELS = {
    "activation": "warm-up, not counted as work",
    "compound": "main lift",
    "isolation": "isolation",
    "stability": "stability",
}


def format_dose(item: Prescription) -> str:
    """'3 sets x 8-12 reps per side, RIR 2, 40 kg, rest 120 s' (RIR and load when set)."""
    amount = f"{item.reps} reps" if item.reps is not None else f"{item.seconds} s"
    side = " per side" if item.per_side else ""
    sets = "1 set" if item.sets == 1 else f"{item.sets} sets"
    parts = [f"{sets} x {amount}{side}"]
    if item.rir is not None:
        parts.append(f"RIR {item.rir}")
    elif item.purpose == "activation":
        parts.append("easy")
    if item.load is not None:
        parts.append(item.load)
    parts.append(f"rest {item.rest_seconds} s")
    return ", ".join(parts)


def render_session(session: Session) -> str:
    """One session as one message (at most 4,096 characters)."""
    lines = [f"{WEEKDAY_NAMES[session.weekday]}: {session.title}", ""]
    for number, item in enumerate(session.exercises, start=1):
        lines.append(f"{number}. {item.name} [{KIND_LABELS[item.kind]}]")
        lines.append(f"   {format_dose(item)}")
        lines.append(f"   Works: {', '.join(item.muscles)}. Needs: {', '.join(item.equipment)}.")
        lines.append(f"   Tip: {item.cue}")
    return _fit("\n".join(lines))


def render_notes(program: WeekProgram) -> str:
    """The week's notes as one message (at most 4,096 characters)."""
    return _fit("\n".join(["Notes for this week:", *(f"- {note}" for note in program.notes)]))


def render_header(program: WeekProgram) -> str:
    """A one-line summary such as 'Week 5 (deload), goal soften: 3 sessions'."""
    deload = " (deload)" if program.deload else ""
    count = len(program.sessions)
    return f"Week {program.week}{deload}, goal {program.goal}: {count} sessions"


def render_text(program: WeekProgram) -> str:
    """The whole week for the console: header, every session, then the notes."""
    parts = [render_header(program)]
    parts.extend(render_session(session) for session in program.sessions)
    parts.append(render_notes(program))
    return "\n\n".join(parts)


def render_rich(program: WeekProgram) -> RichText:
    """The whole week as one rich message: summary, a section per session, then the notes."""
    sessions = [
        rich.section(
            f"{WEEKDAY_NAMES[session.weekday]}: {session.title}",
            rich.numbered(*(_exercise(item) for item in session.exercises)),
        )
        for session in program.sessions
    ]
    notes = [rich.section("Notes for this week", rich.bullets(*program.notes))]
    return rich.doc(render_header(program), *sessions, *(notes if program.notes else []))


def _exercise(item: Prescription) -> tuple[Part, ...]:
    return (
        rich.bold(item.name),
        f" ({KIND_LABELS[item.kind]}): {format_dose(item)}\n"
        f"Works: {', '.join(item.muscles)}. Needs: {', '.join(item.equipment)}.\n",
        rich.italic(item.cue),
    )


def _fit(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """Cut at a line break so a message never exceeds the platform limit."""
    if len(text) <= limit:
        return text
    marker = "\n(shortened)"
    cut = text.rfind("\n", 0, limit - len(marker))
    return text[: cut if cut > 0 else limit - len(marker)] + marker
