"""help, start and stop."""

from __future__ import annotations

from bot.commands.base import Command, Context, Registry, text_reply
from bot.commands.checkins import confirm
from bot.router import DISCLAIMER
from bot.types import Reply

INTRO = (
    "I'm hipcoach, a training coach for hip dips: I answer questions, build a weekly "
    "program for your goal and equipment, check in on your sessions and run group challenges."
)


async def help_command(context: Context, _arguments: str) -> list[Reply]:
    """List the commands that work here (in a DM also the group ones), then the disclaimer."""
    commands = context.registry.catalogue()
    usable = [
        command
        for command in commands
        if (command.in_groups if context.in_group else command.in_private)
    ]
    lines = [f"/{command.usage} — {command.summary}" for command in usable]
    if not context.in_group:
        group_only = [command for command in commands if not command.in_private]
        if group_only:
            lines += ["", "In a group or server with me:"]
            lines += [f"/{command.usage} — {command.summary}" for command in group_only]
    text = "\n".join([INTRO, "", *lines, "", DISCLAIMER])
    # Help already carries the disclaimer, so it counts as the one-time showing.
    await context.services.athletes.first_disclaimer(await context.athlete_id())
    return text_reply(text, title="hipcoach help")


async def start_command(context: Context, arguments: str) -> list[Reply]:
    """Greet, resume check-ins paused because DMs failed, then go where the start link
    pointed (`/start checkins`) or to the profile set-up."""
    athlete_id = await context.athlete_id()
    await context.services.athletes.set_dms_stopped(athlete_id, False)
    greeting = f"Hi! {INTRO}\nSend /help any time to see all my commands."
    platform = context.incoming.user.platform
    resumed = await context.services.reach.welcome_back(athlete_id, platform)
    if resumed is not None:
        return [Reply(text=greeting), confirm(resumed, "Welcome back: I can reach you again.\n")]
    target = context.registry.commands.get(arguments.strip().lower())
    if target is not None and target.name == "checkins":
        return [Reply(text=greeting), *await target.run(context, "")]
    if target is not None and target.in_private and target.name != "start":
        return [Reply(text=f"{greeting}\nNow send /{target.name} here.")]
    profile_command = context.registry.commands["profile"]
    intro = Reply(text=f"{greeting}\nLet's set up your profile first.")
    return [intro, *await profile_command.run(context, "")]


async def stop_command(context: Context, _arguments: str) -> list[Reply]:
    """Stop every bot-initiated DM until the user writes again."""
    await context.services.athletes.set_dms_stopped(await context.athlete_id(), True)
    return text_reply(
        "Done: I won't message you first any more. Write to me any time to start again.",
        private=True,
    )


def register(registry: Registry) -> None:
    """Add the general commands."""
    registry.add(Command("help", "what I do and my commands", "help", help_command, True, True))
    registry.add(Command("start", "say hello and set up your profile", "start", start_command))
    registry.add(Command("stop", "stop all messages from me", "stop", stop_command))
