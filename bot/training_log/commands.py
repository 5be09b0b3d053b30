"""log: record training, credited to the challenges it fits (syntax: docs/commands.md)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot import rich
from bot.challenges import inputs, rules
from bot.challenges.credits import Counted
from bot.challenges.groups import Caller
from bot.commands.base import Command, Context
from bot.commands.declare import Args, Form, Param, Value, split_words
from bot.errors import BadInput
from bot.i18n import Translator
from bot.marks import N_
from bot.rich import RichText
from bot.training_log.rules import MAX_RIR, MAX_SETS, LiftDetail, parse_reps
from bot.types import Reply

LOG_USAGE = N_(
    "Use /log, /log sessions <n> or /log reps <exercise-id> <n> (per set: "
    "/log reps <exercise-id> 3x12 @40kg rir 2)."
)


def caller_of(context: Context, athlete_id: int | None = None) -> Caller:
    """Who is asking, and where, as the challenge services see it."""
    incoming = context.incoming
    return Caller(
        chat=incoming.chat,
        is_moderator=incoming.is_moderator,
        roles=incoming.roles,
        athlete_id=athlete_id,
        display_name=incoming.user.display_name,
    )


@dataclass(frozen=True, slots=True)
class ParsedLog:
    """What a `log` command asks to record."""

    kind: str
    exercise: str | None
    amount: int
    detail: LiftDetail | None = None


def log_grammar(arguments: str) -> dict[str, Value]:
    """The declared log values from the text shorthand: `sessions 2`, `reps <id> 3x12 @40kg
    rir 2` (the same values Discord's options carry)."""
    parts = split_words(arguments)
    kind = parts[0].lower() if parts else "sessions"
    if kind == "sessions" and len(parts) <= 2:
        amount = parts[1] if len(parts) == 2 else "1"
        return {"sessions": inputs.parse_amount(amount, rules.SESSIONS_PER_DAY)}
    if kind != "reps" or len(parts) < 3:
        raise BadInput(LOG_USAGE)
    total, detail = parse_reps(parts[2:], rules.REPS_PER_LOG)
    if detail is None:
        return {"exercise": parts[1], "reps": total}
    sets = detail.sets if detail.sets is not None and detail.sets > 1 else None
    values = {"reps": detail.set_reps, "sets": sets, "load": detail.load, "rir": detail.rir}
    return {"exercise": parts[1]} | {k: v for k, v in values.items() if v is not None}


def log_entry(args: Args, exercises: frozenset[str]) -> ParsedLog:
    """What to record from the declared log values, checked as a whole."""
    exercise, reps, sets = args.text("exercise"), args.number("reps"), args.number("sets")
    load, rir = args.text("load"), args.number("rir")
    if exercise is None and reps is None:
        if sets is not None or load is not None or rir is not None:
            raise BadInput(LOG_USAGE)
        return ParsedLog("sessions", None, args.number("sessions") or 1)
    if exercise is None or reps is None:
        raise BadInput(LOG_USAGE)
    words = [f"{sets}x{reps}" if sets is not None else str(reps)]
    words += ["@" + "".join(load.split())] if load else []
    words += ["rir", str(rir)] if rir is not None else []
    total, detail = parse_reps(words, rules.REPS_PER_LOG)
    return ParsedLog("reps", inputs.check_exercise(exercise, exercises), total, detail)


def parse_log(arguments: str, exercises: frozenset[str]) -> ParsedLog:
    """Kind, exercise id, amount and per-set detail from `log` text."""
    return log_entry(LOG.parse(arguments), exercises)


async def log_command(context: Context, args: Args) -> list[Reply]:
    """Record training; credits the joined challenges it fits."""
    service = context.services.challenges
    parsed = log_entry(args, service.exercises)
    caller = caller_of(context)
    results = await service.log(
        caller, parsed.kind, parsed.exercise, parsed.amount, parsed.detail, athlete=context.identify
    )
    tr = await context.translator()
    what = tr.ngettext("{count} session", "{count} sessions", parsed.amount)
    if parsed.exercise:
        reps = tr.ngettext(
            "{count} {exercise} rep",
            "{count} {exercise} reps",
            parsed.amount,
            exercise=parsed.exercise,
        )
        what = reps + _detail_text(parsed.detail, tr)
    return [Reply(text=describe_log(what, results, tr), private=not context.in_group)]


def _detail_text(detail: LiftDetail | None, tr: Translator) -> str:
    """' (3x12 at 40 kg, RIR 2)' for a log with per-set detail."""
    if detail is None:
        return ""
    parts = [f"{detail.sets}x{detail.set_reps}"]
    if detail.load:
        parts.append(tr.gettext("at {load}", load=detail.load))
    if detail.rir is not None:
        parts.append(f"RIR {tr.number(detail.rir)}")  # the same abbreviation everywhere
    return " " + tr.gettext("({detail}; your program builds on it)", detail=", ".join(parts))


def describe_log(what: str, results: list[Counted], tr: Translator) -> RichText:
    """A short confirmation: what was logged and where it counted."""
    lines: list[tuple[rich.Part, ...]] = [(tr.gettext("Logged {what}.", what=what),)]
    counted = [r for r in results if r.counted]
    if counted:
        now = N_("{challenge} (now {score})")
        scores = [
            tr.spans(now, challenge=r.challenge, score=rich.Text(tr.number(r.score)))
            for r in counted
        ]
        lines.append((tr.gettext("Counted in: "), *_listed(scores, "; ")))
    capped = [(rich.literal(r.challenge),) for r in results if r.capped]
    if capped:
        cap = tr.spans(
            "Daily cap: at most {count} sessions a day count in a challenge, so not all of this "
            "counted in {challenges}.",
            count=rich.Text(tr.number(rules.SESSIONS_PER_DAY)),
            challenges=tuple(_listed(capped, ", ")),
        )
        lines.append(cap)
    return RichText((rich.lines(*lines),))


def _listed(items: Sequence[tuple[rich.Part, ...]], separator: str) -> list[rich.Part]:
    parts: list[rich.Part] = []
    for number, item in enumerate(items):
        parts.extend((separator, *item) if number else item)
    return parts


LOG = Command(
    "log",
    N_("record training; counts toward challenges you joined"),
    log_command,
    (
        Form(
            params=(
                Param(
                    "sessions",
                    N_("How many sessions to log (default one)"),
                    "int",
                    low=1,
                    high=rules.SESSIONS_PER_DAY,
                ),
                Param("exercise", N_("The exercise you did reps of"), suggest="exercise"),
                Param(
                    "reps",
                    N_("How many reps (per set when you give sets, load or rir)"),
                    "int",
                    low=1,
                    high=rules.REPS_PER_LOG,
                ),
                Param("sets", N_("How many sets of that many reps"), "int", low=1, high=MAX_SETS),
                Param(
                    "load",
                    N_("The weight or band you used, e.g. 40kg, 90lb or red-band"),
                    low=1,
                    high=32,
                ),
                Param(
                    "rir",
                    N_("Reps in reserve: how many more reps you could have done"),
                    "int",
                    low=0,
                    high=MAX_RIR,
                ),
            ),
        ),
    ),
    in_groups=True,
    grammar=log_grammar,
)
