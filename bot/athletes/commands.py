"""profile: a guided set-up with buttons, or `profile <field> <value>` in text."""

from __future__ import annotations

from bot import rich
from bot.athletes.rules import AVOIDABLE, DAYS_PER_WEEK, EQUIPMENT, GOALS, LEVELS, TrainingProfile
from bot.commands.base import Command, Context, Registry
from bot.commands.declare import Args, Form, Param
from bot.errors import BadInput
from bot.rich import Paragraph
from bot.types import Button, Reply

QUESTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "goal": (
        "What's your goal? soften = fill out the dip, emphasize = make it more visible, "
        "strength = stable hips and knees.",
        GOALS,
    ),
    "equipment": ("What can you train with?", EQUIPMENT),
    "level": ("How experienced are you with strength training?", LEVELS),
    "days": ("How many days a week can you train?", tuple(str(day) for day in DAYS_PER_WEEK)),
}
FIELDS = ("goal", "equipment", "level", "days", "avoid", "timezone")
PARAMS = (
    Param("goal", "What you want from training", "choice", choices=GOALS, keyword_only=True),
    Param("equipment", "What you can train with", "choice", choices=EQUIPMENT, keyword_only=True),
    Param(
        "level", "Your strength-training experience", "choice", choices=LEVELS, keyword_only=True
    ),
    Param(
        "days",
        "Training days per week",
        "int",
        low=min(DAYS_PER_WEEK),
        high=max(DAYS_PER_WEEK),
        keyword_only=True,
    ),
    Param(
        "avoid",
        "Things to go easy on, comma separated (knee, back, hip) or none",
        high=64,
        keyword_only=True,
    ),
    Param(
        "timezone",
        "Your timezone, e.g. Europe/Berlin",
        high=64,
        suggest="timezone",
        keyword_only=True,
    ),
)


def describe(profile: TrainingProfile) -> Paragraph:
    """The profile as a few readable lines (the values as the user gave them)."""
    values = [
        ("Goal", profile.goal),
        ("Equipment", profile.equipment),
        ("Level", profile.level),
        ("Days per week", profile.days_per_week),
        ("Avoid", ", ".join(sorted(profile.avoid)) or "nothing"),
        ("Timezone", profile.timezone),
    ]
    return rich.lines(
        *((f"{label}: ", rich.literal(value or "not set")) for label, value in values)
    )


def _question(field: str) -> Reply:
    prompt, options = QUESTIONS[field]
    row = tuple(Button(option, f"profile:{field}:{option}") for option in options)
    return Reply(text=prompt, buttons=(row,), private=True)


def _avoid_question(profile: TrainingProfile) -> Reply:
    marks = [
        Button(("✓ " if part in profile.avoid else "") + part, f"profile:avoid:{part}")
        for part in AVOIDABLE
    ]
    return Reply(
        text="Anything to go easy on? Tap to toggle, then Done.",
        buttons=(tuple(marks), (Button("Done", "profile:done:"),)),
        private=True,
    )


def _finished(profile: TrainingProfile) -> Reply:
    return Reply(
        text=rich.doc(
            describe(profile),
            "All set. Try /program for this week's sessions. Change anything with "
            "/profile <field> <value>, e.g. /profile timezone Europe/Berlin.",
        ),
        title="Your profile",
        private=True,
    )


async def profile_command(context: Context, args: Args) -> list[Reply]:
    """Show the profile and ask the next missing question, or set the fields given, all or
    none (a bad value in any of them changes nothing)."""
    athletes = context.services.athletes
    athlete_id = await context.athlete_id()
    if args.values:
        changes = {name: str(value) for name, value in args.values.items()}
        profile = await athletes.update_profile_fields(athlete_id, changes)
        if "timezone" in changes and profile.timezone:
            await context.services.checkins.follow_timezone(athlete_id, profile.timezone)
        saved = rich.lines("Saved.", describe(profile).spans)
        return [Reply(text=rich.doc(saved), title="Your profile", private=True)]
    profile = await athletes.profile(athlete_id)
    missing = profile.missing()
    if missing:
        return [_question(missing[0])]
    return [_finished(profile), _question("goal")]


async def profile_action(context: Context, parts: list[str]) -> list[Reply]:
    """A profile button: set the field, then ask the next question."""
    if len(parts) != 2 or parts[0] not in (*FIELDS, "done"):
        raise BadInput("That button has expired. Send /profile again.")
    field, value = parts
    athletes = context.services.athletes
    athlete_id = await context.athlete_id()
    profile = await athletes.profile(athlete_id)
    if field == "done":
        return [_finished(profile)]
    if field == "avoid":
        toggled = set(profile.avoid) ^ {value}
        profile = await athletes.update_profile(athlete_id, "avoid", ",".join(toggled) or "none")
        return [_avoid_question(profile)]
    profile = await athletes.update_profile(athlete_id, field, value)
    missing = profile.missing()
    return [_question(missing[0]) if missing else _avoid_question(profile)]


def register(registry: Registry) -> None:
    """Add the profile command and its buttons."""
    summary = "set your goal, equipment, level, days, limits and timezone"
    registry.add(Command("profile", summary, profile_command, (Form(params=PARAMS),)))
    registry.add_action("profile", profile_action)
