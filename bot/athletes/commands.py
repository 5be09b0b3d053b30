"""profile: a guided set-up with buttons, or `profile <field> <value>` in text."""

from __future__ import annotations

from bot import rich
from bot.athletes.rules import AVOIDABLE, DAYS_PER_WEEK, EQUIPMENT, GOALS, LEVELS, TrainingProfile
from bot.commands.base import Command, Context, Registry
from bot.commands.declare import Args, Form, Param
from bot.errors import BadInput
from bot.i18n import N_, Language, Translator
from bot.rich import Paragraph
from bot.types import Button, Reply

QUESTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "goal": (
        N_(
            "What's your goal? soften = fill out the dip, emphasize = make it more visible, "
            "strength = stable hips and knees."
        ),
        GOALS,
    ),
    "equipment": (N_("What can you train with?"), EQUIPMENT),
    "level": (N_("How experienced are you with strength training?"), LEVELS),
    "days": (N_("How many days a week can you train?"), tuple(str(day) for day in DAYS_PER_WEEK)),
}
FIELDS = ("goal", "equipment", "level", "days", "avoid", "timezone")
LANGUAGE = Param(
    "language",
    N_("The language I write to you in"),
    "choice",
    choices=tuple(language.value for language in Language),
    keyword_only=True,
    strict=False,  # Language.choose also takes pt-br, pt_BR or pt
)
PARAMS = (
    Param("goal", N_("What you want from training"), "choice", choices=GOALS, keyword_only=True),
    Param(
        "equipment", N_("What you can train with"), "choice", choices=EQUIPMENT, keyword_only=True
    ),
    Param(
        "level",
        N_("Your strength-training experience"),
        "choice",
        choices=LEVELS,
        keyword_only=True,
    ),
    Param(
        "days",
        N_("Training days per week"),
        "int",
        low=min(DAYS_PER_WEEK),
        high=max(DAYS_PER_WEEK),
        keyword_only=True,
    ),
    Param(
        "avoid",
        N_("Things to go easy on, comma separated (knee, back, hip) or none"),
        high=64,
        keyword_only=True,
    ),
    Param(
        "timezone",
        N_("Your timezone, e.g. Europe/Berlin"),
        high=64,
        suggest="timezone",
        keyword_only=True,
    ),
    LANGUAGE,
)


def describe(profile: TrainingProfile, tr: Translator) -> Paragraph:
    """The profile as a few readable lines, each choice by its name in the reader's language."""
    _ = tr.gettext
    days = None if profile.days_per_week is None else tr.number(profile.days_per_week)
    # Choices are message ids already (their menu labels): "soften" reads "rellenar (soften)".
    values = [
        (_("Goal"), profile.goal and _(profile.goal)),
        (_("Equipment"), profile.equipment and _(profile.equipment)),
        (_("Level"), profile.level and _(profile.level)),
        (_("Days per week"), days),
        (_("Avoid"), ", ".join(_(part) for part in sorted(profile.avoid)) or _("nothing")),
        (_("Timezone"), profile.timezone),
        (_("Language"), tr.language_name(tr.language)),
    ]
    return rich.lines(
        *((f"{label}: ", rich.literal(value or _("not set"))) for label, value in values)
    )


def _question(field: str, tr: Translator) -> Reply:
    prompt, options = QUESTIONS[field]
    row = tuple(Button(option, f"profile:{field}:{option}") for option in options)
    return Reply(text=tr.gettext(prompt), buttons=(row,), private=True)


def _avoid_question(profile: TrainingProfile, tr: Translator) -> Reply:
    marks = [
        Button(("✓ " if part in profile.avoid else "") + part, f"profile:avoid:{part}")
        for part in AVOIDABLE
    ]
    return Reply(
        text=tr.gettext("Anything to go easy on? Tap to toggle, then Done."),
        buttons=(tuple(marks), (Button(tr.gettext("Done"), "profile:done:"),)),
        private=True,
    )


def _finished(profile: TrainingProfile, tr: Translator) -> Reply:
    sessions = tr.gettext("All set.")
    if profile.days_per_week is not None:
        sessions = tr.ngettext(
            "All set: {count} training day a week.",
            "All set: {count} training days a week.",
            profile.days_per_week,
        )
    advice = tr.gettext(
        "Try /program for this week's sessions. Change anything with /profile <field> <value>, "
        "e.g. /profile timezone Europe/Berlin or /profile language es."
    )
    return Reply(
        text=rich.doc(describe(profile, tr), f"{sessions} {advice}"),
        title=tr.gettext("Your profile"),
        private=True,
    )


async def profile_command(context: Context, args: Args) -> list[Reply]:
    """Show the profile and ask the next missing question, or set the fields given, all or
    none (a bad value in any of them changes nothing)."""
    athletes = context.services.athletes
    athlete_id = await context.athlete_id()
    tr = await context.translator()
    if args.values:
        changes = {name: str(value) for name, value in args.values.items()}
        asked = changes.pop("language", None)
        language = Language.choose(asked) if asked is not None else None  # before any write
        profile = await (
            athletes.update_profile_fields(athlete_id, changes)
            if changes
            else athletes.profile(athlete_id)
        )
        if "timezone" in changes and profile.timezone:
            await context.services.checkins.follow_timezone(athlete_id, profile.timezone)
        if language is not None:
            await athletes.set_language(athlete_id, language)
            tr = context.services.catalog.translator(language)
        saved = rich.lines(tr.gettext("Saved."), describe(profile, tr).spans)
        reply = Reply(text=rich.doc(saved), title=tr.gettext("Your profile"), private=True)
        # Marked here: the router knows only the language read before the change.
        return [reply.in_language(tr.language.value)]
    profile = await athletes.profile(athlete_id)
    missing = profile.missing()
    if missing:
        return [_question(missing[0], tr)]
    return [_finished(profile, tr), _question("goal", tr)]


async def profile_action(context: Context, parts: list[str]) -> list[Reply]:
    """A profile button: set the field, then ask the next question."""
    if len(parts) != 2 or parts[0] not in (*FIELDS, "done"):
        raise BadInput(N_("That button has expired. Send /profile again."))
    field, value = parts
    athletes = context.services.athletes
    athlete_id = await context.athlete_id()
    tr = await context.translator()
    profile = await athletes.profile(athlete_id)
    if field == "done":
        return [_finished(profile, tr)]
    if field == "avoid":
        toggled = set(profile.avoid) ^ {value}
        profile = await athletes.update_profile(athlete_id, "avoid", ",".join(toggled) or "none")
        return [_avoid_question(profile, tr)]
    profile = await athletes.update_profile(athlete_id, field, value)
    missing = profile.missing()
    return [_question(missing[0], tr) if missing else _avoid_question(profile, tr)]


def register(registry: Registry) -> None:
    """Add the profile command and its buttons."""
    summary = N_("set your goal, equipment, level, days, limits, timezone and language")
    registry.add(Command("profile", summary, profile_command, (Form(params=PARAMS),)))
    registry.add_action("profile", profile_action)
