"""challenge and leaderboard: a group's challenges (syntax: docs/commands.md)."""

from __future__ import annotations

from babel import Locale

from bot import rich
from bot.athletes.rules import parse_timezone
from bot.commands.base import Command, Context, Registry
from bot.commands.declare import Args, Form, Param
from bot.errors import BadInput
from bot.i18n import N_, Language
from bot.training_log.commands import LOG, caller_of
from bot.types import Reply

METRICS = ("sessions", "streak", "reps")


async def challenge_command(context: Context, args: Args) -> list[Reply]:
    """Create, end, post, join, leave or list the group's challenges, or change settings."""
    service = context.services.challenges
    name = args.text("name") or ""
    if args.sub == "create":
        return [await _create(context, args)]
    if args.sub == "end":
        text = await service.end(caller_of(context), name)
        return [Reply(text=text, title="Challenge ended")]
    if args.sub == "post":
        text = await service.post_standings(caller_of(context), name)
        return [Reply(text=text, private=True, notice=True)]
    if args.sub == "list":
        return [Reply(text=await service.overview(context.incoming.chat), title="Challenges")]
    if args.sub == "settings":
        return [Reply(text=await _settings(context, args))]
    caller = caller_of(context, await context.athlete_id())
    run = service.join if args.sub == "join" else service.leave
    return [Reply(text=await run(caller, name))]


async def _settings(context: Context, args: Args) -> str:
    """Show the settings, or change the moderator role and timezone given: both or neither."""
    service, caller = context.services.challenges, caller_of(context)
    timezone = args.text("timezone")
    modrole = "none" if args.flag("no_modrole") else args.text("modrole")
    language = args.text("language")
    if timezone is None and modrole is None and language is None:
        return await service.settings(caller, None, None)
    if timezone is not None:
        timezone = parse_timezone(timezone)  # refused here, before anything changes
    chosen = Language.choose(language) if language is not None else None
    answers = []
    if modrole is not None:  # the stricter check (server managers only) goes first
        answers.append(await service.settings(caller, "modrole", modrole))
    if timezone is not None:
        answers.append(await service.settings(caller, "timezone", timezone))
    if chosen is not None:
        await service.set_language(caller, chosen)
        answers.append(await _language_set(context, chosen))
    return "\n".join(answers)


async def _language_set(context: Context, chosen: Language) -> str:
    """The confirmation, naming the posts' language in the moderator's own language."""
    tr = await context.translator()
    name = Locale.parse(chosen.locale).get_display_name(tr.language.locale) or chosen.value
    return tr.gettext("Standings and results are posted in {language} from now on.", language=name)


async def _create(context: Context, args: Args) -> Reply:
    metric, exercise = args.text("metric") or "", args.text("exercise")
    if exercise is not None and metric.lower() != "reps":
        # Dropped silently, a typo'd metric word would make a challenge nobody asked for.
        raise BadInput("An exercise goes with the reps metric only: reps <exercise-id>.")
    if exercise is not None:
        metric = f"reps:{''.join(exercise.split())}"
    challenge = await context.services.challenges.create(
        caller_of(context),
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
    caller = caller_of(context, await context.athlete_id())
    tr = await context.translator()
    text = await context.services.challenges.leaderboard(caller, args.text("challenge"), tr)
    return [Reply(text=text, title=tr.gettext("Leaderboard"), extra={"kind": "leaderboard"})]


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
            Param(
                "language",
                N_("The language of standings and results posted here"),
                "choice",
                choices=tuple(language.value for language in Language),
                keyword_only=True,
                strict=False,  # Language.choose also takes pt-br or pt
            ),
        ),
        moderator=True,
    ),
    Form("join", "join a challenge", (NAME,)),
    Form("leave", "leave a challenge", (NAME,)),
    Form("list", "challenges running here"),
)
BOARD = Param("challenge", "Which challenge (default: the current one)", suggest="challenge")


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
    registry.add(LOG)  # the training log's command, beside the challenges it credits
