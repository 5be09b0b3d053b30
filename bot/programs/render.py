"""A week's program as text: plain for `hipcoach program`, rich for the `/program` reply.

The rich form is one message: a summary, one section per session (a Discord embed field,
a bold heading on Telegram) and the notes; adapters split it only at their platform's limit.
"""

from __future__ import annotations

from bot import rich
from bot.i18n import Translator, english
from bot.marks import N_
from bot.programs.cues import cue_text
from bot.programs.model import Prescription, Session, WeekProgram
from bot.programs.notes import note_text
from bot.rich import Part, RichText

MESSAGE_LIMIT = 4096
WEEKDAY_INDEX = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
KIND_LABELS = {
    "activation": N_("warm-up, not counted as work"),
    "compound": N_("main lift"),
    "isolation": N_("isolation"),
    "stability": N_("stability"),
}
TITLE_SUFFIX = " and side-glute work"  # the generator's English title: '<main lift> and ...'


def session_title(title: str, tr: Translator) -> str:
    """A session's title (as the generator writes it, in English) in the reader's language."""
    if title.endswith(TITLE_SUFFIX):
        return tr.gettext("{main} and side-glute work", main=title[: -len(TITLE_SUFFIX)])
    return tr.gettext(title)


def format_dose(item: Prescription, tr: Translator | None = None) -> str:
    """'3 sets x 8-12 reps per side, RIR 2, 40 kg, rest 120 s' (RIR and load when set)."""
    tr = tr or english()
    if item.reps is not None:
        amount = tr.gettext("{reps} reps", reps=item.reps)
    else:
        amount = f"{tr.number(item.seconds or 0)} s"
    sets = tr.ngettext("{count} set", "{count} sets", item.sets)
    dose = f"{sets} x {amount}"
    if item.per_side:
        dose = tr.gettext("{dose} per side", dose=dose)
    parts = [dose]
    if item.rir is not None:
        parts.append(f"RIR {tr.number(item.rir)}")  # the same abbreviation in every language
    elif item.purpose == "activation":
        parts.append(tr.gettext("easy"))
    if item.load is not None:
        parts.append(item.load)
    parts.append(tr.gettext("rest {seconds} s", seconds=tr.number(item.rest_seconds)))
    return ", ".join(parts)


def _day_heading(session: Session, tr: Translator) -> str:
    weekday = tr.weekday_name(WEEKDAY_INDEX[session.weekday], "wide").capitalize()
    return f"{weekday}: {session_title(session.title, tr)}"


def _works(item: Prescription, tr: Translator) -> str:
    return tr.gettext(
        "Works: {muscles}. Needs: {equipment}.",
        muscles=", ".join(tr.gettext(muscle) for muscle in item.muscles),
        equipment=", ".join(tr.gettext(thing) for thing in item.equipment),
    )


def render_session(session: Session, tr: Translator | None = None) -> str:
    """One session as one message (at most 4,096 characters)."""
    tr = tr or english()
    lines = [_day_heading(session, tr), ""]
    for number, item in enumerate(session.exercises, start=1):
        lines.append(f"{number}. {item.name} [{tr.gettext(KIND_LABELS[item.kind])}]")
        lines.append(f"   {format_dose(item, tr)}")
        lines.append(f"   {_works(item, tr)}")
        lines.append("   " + tr.gettext("Tip: {cue}", cue=cue_text(item.cue, tr)))
    return _fit("\n".join(lines), tr)


def render_notes(program: WeekProgram, tr: Translator | None = None) -> str:
    """The week's notes as one message (at most 4,096 characters)."""
    tr = tr or english()
    notes = (f"- {note_text(note, tr)}" for note in program.notes)
    return _fit("\n".join([tr.gettext("Notes for this week:"), *notes]), tr)


def render_header(program: WeekProgram, tr: Translator | None = None) -> str:
    """A one-line summary such as 'Week 5 (deload), goal soften: 3 sessions'."""
    tr = tr or english()
    header = N_("Week {week}, goal {goal}: {sessions}")
    if program.deload:
        header = N_("Week {week} (deload), goal {goal}: {sessions}")
    count = len(program.sessions)
    sessions = tr.ngettext("{count} session", "{count} sessions", count)
    return tr.gettext(
        header, week=tr.number(program.week), goal=tr.gettext(program.goal), sessions=sessions
    )


def render_text(program: WeekProgram, tr: Translator | None = None) -> str:
    """The whole week for the console: header, every session, then the notes."""
    parts = [render_header(program, tr)]
    parts.extend(render_session(session, tr) for session in program.sessions)
    parts.append(render_notes(program, tr))
    return "\n\n".join(parts)


def render_rich(program: WeekProgram, tr: Translator | None = None) -> RichText:
    """The whole week as one rich message: summary, a section per session, then the notes."""
    tr = tr or english()
    sessions = [
        rich.section(
            _day_heading(session, tr),
            rich.numbered(*(_exercise(item, tr) for item in session.exercises)),
        )
        for session in program.sessions
    ]
    heading = tr.gettext("Notes for this week")
    notes = [rich.section(heading, rich.bullets(*(note_text(n, tr) for n in program.notes)))]
    return rich.doc(render_header(program, tr), *sessions, *(notes if program.notes else []))


def _exercise(item: Prescription, tr: Translator) -> tuple[Part, ...]:
    return (
        rich.bold(item.name),
        f" ({tr.gettext(KIND_LABELS[item.kind])}): {format_dose(item, tr)}\n{_works(item, tr)}\n",
        rich.italic(cue_text(item.cue, tr)),
    )


def _fit(text: str, tr: Translator, limit: int = MESSAGE_LIMIT) -> str:
    """Cut at a line break so a message never exceeds the platform limit."""
    if len(text) <= limit:
        return text
    marker = "\n" + tr.gettext("(shortened)")
    cut = text.rfind("\n", 0, limit - len(marker))
    return text[: cut if cut > 0 else limit - len(marker)] + marker
