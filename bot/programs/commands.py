"""program [week]: this week's (or week N's) sessions."""

from __future__ import annotations

from bot.commands.base import Command, Context, Registry
from bot.commands.declare import Args, Form, Param
from bot.marks import N_
from bot.types import Reply

WEEK = Param("week", N_("Which week of your program"), "int", low=1, high=520)


async def program_command(context: Context, args: Args) -> list[Reply]:
    """Show the athlete's current week, or the week number they asked for."""
    week, tr = args.number("week"), await context.translator()
    return await context.services.programs.week_replies(await context.athlete_id(), week, tr)


def register(registry: Registry) -> None:
    """Add the program command."""
    form = Form(params=(WEEK,), slow=True)
    registry.add(Command("program", N_("this week's training sessions"), program_command, (form,)))
