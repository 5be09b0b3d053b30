"""help, start and stop."""

from __future__ import annotations

from bot import rich
from bot.checkins.commands import confirm
from bot.commands.base import Command, Context, Registry, text_reply
from bot.commands.declare import Args, Form, Param, usage_ref
from bot.i18n import N_, Translator
from bot.router import DISCLAIMER
from bot.types import Reply

INTRO = N_(
    "I'm hipcoach, a training coach for hip dips: I answer questions, build a weekly "
    "program for your goal and equipment, check in on your sessions and run group challenges."
)


def help_lines(commands: list[Command], tr: Translator) -> rich.Paragraph:
    """One line per command and subcommand, generated from the declarations (a summary
    marked for translation is shown in the reader's language)."""
    return rich.lines(
        *(
            (usage_ref(command.name, form), f" — {tr.gettext(form.summary or command.summary)}")
            for command in commands
            for form in command.forms
        )
    )


async def help_command(context: Context, _args: Args) -> list[Reply]:
    """List the commands that work here (in a DM also the group ones), then the disclaimer."""
    tr = await context.translator()
    commands = context.registry.catalogue()
    if context.incoming.user.platform == "discord":
        commands = [command for command in commands if command.on_discord]
    here = [c for c in commands if (c.in_groups if context.in_group else c.in_private)]
    parts: list[rich.Block] = [rich.paragraph(tr.gettext(INTRO)), help_lines(here, tr)]
    if not context.in_group:
        group_only = [command for command in commands if not command.in_private]
        if group_only:
            parts += [rich.paragraph(tr.gettext("In a group or server with me:"))]
            parts += [help_lines(group_only, tr)]
    body = rich.doc(*parts, rich.paragraph(tr.gettext(DISCLAIMER)))
    context.disclaimer_included = True  # help carries it: it counts as the one-time showing
    return [Reply(body, title=tr.gettext("hipcoach help"))]


async def start_command(context: Context, args: Args) -> list[Reply]:
    """Greet, resume check-ins paused because DMs failed, then go where the start link
    pointed (`/start checkins`) or to the profile set-up."""
    athlete_id = await context.athlete_id()
    tr = await context.translator()
    await context.services.athletes.set_dms_stopped(athlete_id, False)
    hello = tr.gettext("Hi! {intro}", intro=tr.gettext(INTRO))
    # Outside the f-string: Babel's extraction does not look inside f-strings.
    hint = tr.gettext("Send /help any time to see all my commands.")
    greeting = f"{hello}\n{hint}"
    platform = context.incoming.user.platform
    resumed = await context.services.reach.welcome_back(athlete_id, platform)
    if resumed is not None:
        back = tr.gettext("Welcome back: I can reach you again.")
        return [Reply(text=greeting), confirm(resumed, tr, f"{back}\n")]
    target = context.registry.commands.get((args.text("target") or "").lower())
    if target is not None and target.name == "checkins":
        return [Reply(text=greeting), *await target.run(context, target.parse(""))]
    if target is not None and target.in_private and target.name != "start":
        then = tr.gettext("Now send /{command} here.", command=target.name)
        return [Reply(text=f"{greeting}\n{then}")]
    profile_command = context.registry.commands["profile"]
    first = tr.gettext("Let's set up your profile first.")
    intro = Reply(text=f"{greeting}\n{first}")
    return [intro, *await profile_command.run(context, profile_command.parse(""))]


async def stop_command(context: Context, _args: Args) -> list[Reply]:
    """Stop every bot-initiated DM until the user writes again."""
    await context.services.athletes.set_dms_stopped(await context.athlete_id(), True)
    tr = await context.translator()
    done = tr.gettext(
        "Done: I won't message you first any more. Write to me any time to start again."
    )
    return text_reply(done, private=True)


def register(registry: Registry) -> None:
    """Add the general commands."""
    summary = N_("what I do and my commands")
    registry.add(Command("help", summary, help_command, in_groups=True))
    target = Param("target", N_("where a start link points (checkins)"), rest=True)
    registry.add(
        Command(
            "start",
            N_("say hello and set up your profile"),
            start_command,
            (Form(params=(target,)),),
            on_discord=False,
        )
    )
    registry.add(Command("stop", N_("stop all messages from me"), stop_command))
