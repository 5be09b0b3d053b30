"""challenge, leaderboard and log: group challenges and training logs (syntax: docs/commands.md)."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass

from bot import rich
from bot.commands.base import Command, Context, Registry
from bot.commands.declare import QUOTES, Args, Form, Param, Value
from bot.domain import challenges as rules
from bot.domain.athletes import parse_timezone
from bot.domain.lift_log import MAX_RIR, MAX_SETS, LiftDetail, parse_reps
from bot.errors import BadInput
from bot.rich import RichText
from bot.services.challenge_credits import Counted
from bot.services.challenge_groups import Caller
from bot.types import Reply

METRICS = ("sessions", "streak", "reps")
LOG_USAGE = (
    "Use /log, /log sessions <n> or /log reps <exercise-id> <n> (per set: "
    "/log reps <exercise-id> 3x12 @40kg rir 2)."
)


def split(arguments: str) -> list[str]:
    """Split arguments with shell quoting rules; unbalanced quotes are bad input."""
    try:
        return shlex.split(arguments)
    except ValueError:
        raise BadInput(QUOTES) from None


def _caller(context: Context, athlete_id: int | None = None) -> Caller:
    incoming = context.incoming
    return Caller(
        chat=incoming.chat,
        is_moderator=incoming.is_moderator,
        roles=incoming.roles,
        athlete_id=athlete_id,
        display_name=incoming.user.display_name,
    )


async def challenge_command(context: Context, args: Args) -> list[Reply]:
    """Create, end, post, join, leave or list the group's challenges, or change settings."""
    service = context.services.challenges
    name = args.text("name") or ""
    if args.sub == "create":
        return [await _create(context, args)]
    if args.sub == "end":
        text = await service.end(_caller(context), name)
        return [Reply(text=text, title="Challenge ended")]
    if args.sub == "post":
        text = await service.post_standings(_caller(context), name)
        return [Reply(text=text, private=True, notice=True)]
    if args.sub == "list":
        return [Reply(text=await service.overview(context.incoming.chat), title="Challenges")]
    if args.sub == "settings":
        return [Reply(text=await _settings(context, args))]
    caller = _caller(context, await context.athlete_id())
    run = service.join if args.sub == "join" else service.leave
    return [Reply(text=await run(caller, name))]


async def _settings(context: Context, args: Args) -> str:
    """Show the settings, or change the moderator role and timezone given: both or neither."""
    service, caller = context.services.challenges, _caller(context)
    timezone = args.text("timezone")
    modrole = "none" if args.flag("no_modrole") else args.text("modrole")
    if timezone is None and modrole is None:
        return await service.settings(caller, None, None)
    if timezone is not None:
        timezone = parse_timezone(timezone)  # refused here, before anything changes
    answers = []
    if modrole is not None:  # the stricter check (server managers only) goes first
        answers.append(await service.settings(caller, "modrole", modrole))
    if timezone is not None:
        answers.append(await service.settings(caller, "timezone", timezone))
    return "\n".join(answers)


async def _create(context: Context, args: Args) -> Reply:
    metric, exercise = args.text("metric") or "", args.text("exercise")
    if metric.lower() == "reps" and exercise is not None:
        metric = f"reps:{''.join(exercise.split())}"
    challenge = await context.services.challenges.create(
        _caller(context),
        args.text("name") or "",
        metric,
        args.text("start") or "",
        args.text("end") or "",
        args.text("channel"),
    )
    text = rich.text(
        rich.literal(challenge.name),
        f" is on: {challenge.metric.unit}, {challenge.start.isoformat()} to "
        f"{challenge.end.isoformat()} ({challenge.timezone}). Join with ",
        rich.code(f'/challenge join "{challenge.name}"'),
        ", then log with /log.",
    )
    return Reply(text=text, title="New challenge")


async def leaderboard_command(context: Context, args: Args) -> list[Reply]:
    """Top 10 and the caller's own rank."""
    caller = _caller(context, await context.athlete_id())
    text = await context.services.challenges.leaderboard(caller, args.text("challenge"))
    return [Reply(text=text, title="Leaderboard", extra={"kind": "leaderboard"})]


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
    parts = split(arguments)
    kind = parts[0].lower() if parts else "sessions"
    if kind == "sessions" and len(parts) <= 2:
        amount = parts[1] if len(parts) == 2 else "1"
        return {"sessions": rules.parse_amount(amount, rules.SESSIONS_PER_DAY, "sessions")}
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
    return ParsedLog("reps", rules.check_exercise(exercise, exercises), total, detail)


def parse_log(arguments: str, exercises: frozenset[str]) -> ParsedLog:
    """Kind, exercise id, amount and per-set detail from `log` text."""
    return log_entry(LOG.parse(arguments), exercises)


async def log_command(context: Context, args: Args) -> list[Reply]:
    """Record training; credits the joined challenges it fits."""
    service = context.services.challenges
    parsed = log_entry(args, service.exercises)
    caller = _caller(context, await context.athlete_id())
    results = await service.log(caller, parsed.kind, parsed.exercise, parsed.amount, parsed.detail)
    what = _sessions(parsed.amount)
    if parsed.exercise:
        what = f"{parsed.amount:,} {parsed.exercise} reps{_detail_text(parsed.detail)}"
    return [Reply(text=describe_log(what, results), private=not context.in_group)]


def _detail_text(detail: LiftDetail | None) -> str:
    """' (3x12 at 40 kg, RIR 2)' for a log with per-set detail."""
    if detail is None:
        return ""
    parts = [f"{detail.sets}x{detail.set_reps}"]
    if detail.load:
        parts.append(f"at {detail.load}")
    if detail.rir is not None:
        parts.append(f"RIR {detail.rir}")
    return f" ({', '.join(parts)}; your program builds on it)"


def _sessions(amount: int) -> str:
    return f"{amount} session{'s' if amount != 1 else ''}"


def describe_log(what: str, results: list[Counted]) -> RichText:
    """A short confirmation: what was logged and where it counted."""
    lines: list[tuple[rich.Part, ...]] = [(f"Logged {what}.",)]
    counted = [r for r in results if r.counted]
    if counted:
        scores = [(rich.literal(r.challenge), f" (now {r.score:,})") for r in counted]
        lines.append(("Counted in: ", *_listed(scores, "; ")))
    capped = [(rich.literal(r.challenge),) for r in results if r.capped]
    if capped:
        cap = f"Daily cap: at most {rules.SESSIONS_PER_DAY} sessions a day count in a challenge, "
        lines.append((cap, "so not all of this counted in ", *_listed(capped, ", "), "."))
    return RichText((rich.lines(*lines),))


def _listed(items: Sequence[tuple[rich.Part, ...]], separator: str) -> list[rich.Part]:
    parts: list[rich.Part] = []
    for number, item in enumerate(items):
        parts.extend((separator, *item) if number else item)
    return parts


NAME = Param("name", "The challenge's name", required=True, low=1, high=80, suggest="challenge")
CHALLENGE_FORMS = (
    Form(
        "create",
        "start a new challenge (moderators)",
        (
            Param("name", "A short name members will use to join", required=True, low=1, high=80),
            Param("metric", "How members score", "choice", True, METRICS, strict=False),
            Param("start", "First day, YYYY-MM-DD", "date", required=True),
            Param("end", "Last day, YYYY-MM-DD", "date", required=True),
            Param("exercise", "For a reps challenge: the exercise counted", suggest="exercise"),
            Param(
                "channel",
                "Where standings are posted (default: this channel)",
                "channel",
                keyword_only=True,
            ),
        ),
        moderator=True,
    ),
    Form("end", "end a challenge and announce the result", (NAME,), moderator=True),
    Form(
        "post", "post a challenge's standings now", (NAME,), moderator=True, slow=True, private=True
    ),
    Form(
        "settings",
        "show or change challenge settings (moderators)",
        (
            Param(
                "timezone",
                "Timezone for new challenges' dates",
                suggest="timezone",
                keyword_only=True,
            ),
            Param(
                "modrole",
                "A role whose members may also create and end challenges",
                "role",
                keyword_only=True,
            ),
            Param("no_modrole", "Remove the moderator role", "flag"),
        ),
        moderator=True,
    ),
    Form("join", "join a challenge", (NAME,)),
    Form("leave", "leave a challenge", (NAME,)),
    Form("list", "challenges running here"),
)
BOARD = Param("challenge", "Which challenge (default: the current one)", suggest="challenge")
LOG = Command(
    "log",
    "record training; counts toward challenges you joined",
    log_command,
    (
        Form(
            params=(
                Param(
                    "sessions",
                    "How many sessions to log (default one)",
                    "int",
                    low=1,
                    high=rules.SESSIONS_PER_DAY,
                ),
                Param("exercise", "The exercise you did reps of", suggest="exercise"),
                Param(
                    "reps",
                    "How many reps (per set when you give sets, load or rir)",
                    "int",
                    low=1,
                    high=rules.REPS_PER_LOG,
                ),
                Param("sets", "How many sets of that many reps", "int", low=1, high=MAX_SETS),
                Param(
                    "load",
                    "The weight or band you used, e.g. 40kg, 90lb or red-band",
                    low=1,
                    high=32,
                ),
                Param(
                    "rir",
                    "Reps in reserve: how many more reps you could have done",
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


def register(registry: Registry) -> None:
    """Add challenge, leaderboard and log."""
    registry.add(
        Command(
            "challenge",
            "group challenges: create/end/post (moderators), join, leave, list",
            challenge_command,
            CHALLENGE_FORMS,
            in_private=False,
            in_groups=True,
        )
    )
    board = Form(params=(BOARD,), slow=True)
    summary = "a challenge's top 10 and your rank"
    registry.add(Command("leaderboard", summary, leaderboard_command, (board,), False, True))
    registry.add(LOG)
