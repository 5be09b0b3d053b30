"""help, start and stop."""

from __future__ import annotations

from bot.checkins.commands import confirm
from bot.commands.base import Command, Context, Registry, text_reply
from bot.commands.declare import Args, Form, Param, usage_line
from bot.router import DISCLAIMER
from bot.types import Reply

INTRO = (
    "I'm hipcoach, a training coach for hip dips: I answer questions, build a weekly "
    "program for your goal and equipment, check in on your sessions and run group challenges."
)


def help_lines(commands: list[Command]) -> list[str]:
    """One line per command and subcommand, generated from the declarations."""
    return [
        f"/{usage_line(command.name, form)} — {form.summary or command.summary}"
        for command in commands
        for form in command.forms
    ]


async def help_command(context: Context, _args: Args) -> list[Reply]:
    """List the commands that work here (in a DM also the group ones), then the disclaimer."""
    commands = context.registry.catalogue()
    here = [c for c in commands if (c.in_groups if context.in_group else c.in_private)]
    lines = help_lines(here)
    if not context.in_group:
        group_only = [command for command in commands if not command.in_private]
        if group_only:
            lines += ["", "In a group or server with me:", *help_lines(group_only)]
    text = "\n".join([INTRO, "", *lines, "", DISCLAIMER])
    context.disclaimer_included = True  # help carries it: it counts as the one-time showing
    return text_reply(text, title="hipcoach help")


async def start_command(context: Context, args: Args) -> list[Reply]:
    """Greet, resume check-ins paused because DMs failed, then go where the start link
    pointed (`/start checkins`) or to the profile set-up."""
    athlete_id = await context.athlete_id()
    await context.services.athletes.set_dms_stopped(athlete_id, False)
    greeting = f"Hi! {INTRO}\nSend /help any time to see all my commands."
    platform = context.incoming.user.platform
    resumed = await context.services.reach.welcome_back(athlete_id, platform)
    if resumed is not None:
        return [Reply(text=greeting), confirm(resumed, "Welcome back: I can reach you again.\n")]
    target = context.registry.commands.get((args.text("target") or "").lower())
    if target is not None and target.name == "checkins":
        return [Reply(text=greeting), *await target.run(context, target.parse(""))]
    if target is not None and target.in_private and target.name != "start":
        return [Reply(text=f"{greeting}\nNow send /{target.name} here.")]
    profile_command = context.registry.commands["profile"]
    intro = Reply(text=f"{greeting}\nLet's set up your profile first.")
    return [intro, *await profile_command.run(context, profile_command.parse(""))]


async def stop_command(context: Context, _args: Args) -> list[Reply]:
    """Stop every bot-initiated DM until the user writes again."""
    await context.services.athletes.set_dms_stopped(await context.athlete_id(), True)
    return text_reply(
        "Done: I won't message you first any more. Write to me any time to start again.",
        private=True,
    )


def register(registry: Registry) -> None:
    """Add the general commands."""
    registry.add(Command("help", "what I do and my commands", help_command, in_groups=True))
    target = Param("target", "where a start link points (checkins)", rest=True)
    registry.add(
        Command(
            "start",
            "say hello and set up your profile",
            start_command,
            (Form(params=(target,)),),
            on_discord=False,
        )
    )
    registry.add(Command("stop", "stop all messages from me", stop_command))
