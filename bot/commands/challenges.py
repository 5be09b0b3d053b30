"""challenge, leaderboard and log: group challenges and training logs (syntax: docs/commands.md)."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass

from bot import rich
from bot.commands.base import Command, Context, Registry
from bot.domain import challenges as rules
from bot.domain.lift_log import LiftDetail, parse_reps
from bot.errors import BadInput
from bot.rich import RichText
from bot.services.challenge_credits import Counted
from bot.services.challenge_groups import Caller
from bot.types import Reply

CHALLENGE_USAGE = (
    'challenge create "<name>" <sessions|streak|reps:<exercise-id>> <start> <end> '
    '[channel=<id>] · challenge end|post|join|leave "<name>" · challenge list · '
    "challenge settings [timezone <Area/City> | modrole <role id|none>]"
)
LOG_USAGE = (
    "Use /log, /log sessions <n> or /log reps <exercise-id> <n> (per set: "
    "/log reps <exercise-id> 3x12 @40kg rir 2)."
)


def split(arguments: str) -> list[str]:
    """Split arguments with shell quoting rules; unbalanced quotes are bad input."""
    try:
        return shlex.split(arguments)
    except ValueError:
        raise BadInput('Check the quotes: a name with spaces goes in "double quotes".') from None


def _caller(context: Context, athlete_id: int | None = None) -> Caller:
    incoming = context.incoming
    return Caller(
        chat=incoming.chat,
        is_moderator=incoming.is_moderator,
        roles=incoming.roles,
        athlete_id=athlete_id,
        display_name=incoming.user.display_name,
    )


def _one_name(parts: list[str], sub: str) -> str:
    if len(parts) != 1 or not parts[0].strip():
        raise BadInput(f'Use /challenge {sub} "<name>".')
    return parts[0]


async def challenge_command(context: Context, arguments: str) -> list[Reply]:
    """Create, end, post, join, leave or list the group's challenges, or change settings."""
    parts = split(arguments)
    if not parts:
        raise BadInput("Use " + CHALLENGE_USAGE)
    sub, rest = parts[0].lower(), parts[1:]
    service = context.services.challenges
    if sub == "create":
        return [await _create(context, rest)]
    if sub == "end":
        text = await service.end(_caller(context), _one_name(rest, "end"))
        return [Reply(text=text, title="Challenge ended")]
    if sub == "post":
        text = await service.post_standings(_caller(context), _one_name(rest, "post"))
        return [Reply(text=text, private=True, notice=True)]
    if sub == "list":
        if rest:
            raise BadInput("Use /challenge list.")
        return [Reply(text=await service.overview(context.incoming.chat), title="Challenges")]
    if sub == "settings":
        if len(rest) not in (0, 2):
            raise BadInput("Use /challenge settings timezone <Area/City> or modrole <id|none>.")
        field, value = (rest[0].lower(), rest[1]) if rest else (None, None)
        return [Reply(text=await service.settings(_caller(context), field, value))]
    if sub in ("join", "leave"):
        name = _one_name(rest, sub)
        caller = _caller(context, await context.athlete_id())
        run = service.join if sub == "join" else service.leave
        return [Reply(text=await run(caller, name))]
    raise BadInput("Use " + CHALLENGE_USAGE)


async def _create(context: Context, rest: list[str]) -> Reply:
    channel = None
    if rest and rest[-1].lower().startswith("channel="):
        channel = rest.pop()[len("channel=") :].strip().lstrip("#<").rstrip(">")
    if len(rest) != 4:
        raise BadInput(
            'Use /challenge create "<name>" <sessions|streak|reps:<exercise-id>> '
            "<start YYYY-MM-DD> <end YYYY-MM-DD> [channel=<id>]."
        )
    name, metric, start, end = rest
    challenge = await context.services.challenges.create(
        _caller(context), name, metric, start, end, channel
    )
    text = rich.text(
        rich.literal(challenge.name),
        f" is on: {challenge.metric.unit}, {challenge.start.isoformat()} to "
        f"{challenge.end.isoformat()} ({challenge.timezone}). Join with ",
        rich.code(f'/challenge join "{challenge.name}"'),
        ", then log with /log.",
    )
    return Reply(text=text, title="New challenge")


async def leaderboard_command(context: Context, arguments: str) -> list[Reply]:
    """Top 10 and the caller's own rank."""
    parts = split(arguments)
    if len(parts) > 1:
        raise BadInput('Use /leaderboard or /leaderboard "<name>".')
    caller = _caller(context, await context.athlete_id())
    text = await context.services.challenges.leaderboard(caller, parts[0] if parts else None)
    return [Reply(text=text, title="Leaderboard", extra={"kind": "leaderboard"})]


@dataclass(frozen=True, slots=True)
class ParsedLog:
    """What a `log` command asks to record."""

    kind: str
    exercise: str | None
    amount: int
    detail: LiftDetail | None = None


def parse_log(arguments: str, exercises: frozenset[str] | None) -> ParsedLog:
    """Kind, exercise id, amount and per-set detail from `log` arguments."""
    parts = split(arguments)
    if not parts:
        return ParsedLog("sessions", None, 1)
    kind = parts[0].lower()
    if kind == "sessions" and len(parts) <= 2:
        amount = parts[1] if len(parts) == 2 else "1"
        sessions = rules.parse_amount(amount, rules.SESSIONS_PER_DAY, "sessions")
        return ParsedLog("sessions", None, sessions)
    if kind == "reps" and len(parts) >= 3:
        exercise = rules.check_exercise(parts[1], exercises or frozenset())
        total, detail = parse_reps(parts[2:], rules.REPS_PER_LOG)
        return ParsedLog("reps", exercise, total, detail)
    raise BadInput(LOG_USAGE)


async def log_command(context: Context, arguments: str) -> list[Reply]:
    """Record training; credits the joined challenges it fits."""
    service = context.services.challenges
    parsed = parse_log(arguments, service.exercises)
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


def register(registry: Registry) -> None:
    """Add challenge, leaderboard and log."""
    registry.add(
        Command(
            "challenge",
            "group challenges: create/end/post (moderators), join, leave, list",
            'challenge create|end|post|join|leave|list ["name"]',
            challenge_command,
            in_private=False,
            in_groups=True,
        )
    )
    registry.add(
        Command(
            "leaderboard",
            "a challenge's top 10 and your rank",
            'leaderboard ["name"]',
            leaderboard_command,
            in_private=False,
            in_groups=True,
        )
    )
    registry.add(
        Command(
            "log",
            "record training; counts toward challenges you joined",
            "log [sessions <n> | reps <exercise-id> <n> | reps <exercise-id> <sets>x<reps> "
            "[@<load>] [rir <n>]]",
            log_command,
            in_private=True,
            in_groups=True,
        )
    )
