"""help, start and stop."""

from __future__ import annotations

from bot.commands.base import Command, Context, Registry, text_reply
from bot.router import DISCLAIMER
from bot.types import Reply

INTRO = (
    "I'm hipcoach, a training coach for hip dips: I answer questions, build a weekly "
    "program for your goal and equipment, check in on your sessions and run group challenges."
)


async def help_command(context: Context, _arguments: str) -> list[Reply]:
    """List the commands that work here, then the disclaimer."""
    commands = context.registry.catalogue()
    usable = [
        command
        for command in commands
        if (command.in_groups if context.in_group else command.in_private)
    ]
    lines = [f"/{command.usage} — {command.summary}" for command in usable]
    text = "\n".join([INTRO, "", *lines, "", DISCLAIMER])
    # Help already carries the disclaimer, so it counts as the one-time showing.
    await context.services.athletes.first_disclaimer(await context.athlete_id())
    return text_reply(text, title="hipcoach help")


async def start_command(context: Context, _arguments: str) -> list[Reply]:
    """Greet a new user and point them at the profile set-up."""
    athlete_id = await context.athlete_id()
    await context.services.athletes.set_dms_stopped(athlete_id, False)
    profile_command = context.registry.commands["profile"]
    greeting = Reply(text=f"Hi! {INTRO}\nLet's set up your profile first.")
    return [greeting, *await profile_command.run(context, "")]


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
