"""program [week]: this week's (or week N's) sessions."""

from __future__ import annotations

from bot.commands.base import Command, Context, Registry
from bot.domain.numbers import whole_number
from bot.errors import BadInput
from bot.types import Reply


async def program_command(context: Context, arguments: str) -> list[Reply]:
    """Show the athlete's current week, or the week number they asked for."""
    week: int | None = None
    if arguments:
        text = arguments.strip().removeprefix("week").strip()
        week = whole_number(text)
        if week is None:
            raise BadInput("Use /program or /program <week number>, e.g. /program 3.")
    return await context.services.programs.week_replies(await context.athlete_id(), week)


def register(registry: Registry) -> None:
    """Add the program command."""
    registry.add(
        Command("program", "this week's training sessions", "program [week]", program_command)
    )
