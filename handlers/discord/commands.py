"""The catalogue as slash commands: each builds the text command line and asks the core.

Text syntax follows docs/commands.md; names are quoted with shlex so spaces survive.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.domain.athletes import EQUIPMENT, GOALS, LEVELS
from handlers.discord.autocomplete import Suggestions
from handlers.discord.bridge import Bridge
from handlers.discord.challenges import add_challenge_commands

Interaction = discord.Interaction[Any]


def _pick(*values: str) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=value, value=value) for value in values]


def _line(*parts: str | int | None) -> str:
    """A command line from the parts that were given."""
    return " ".join(str(part) for part in parts if part is not None and part != "")


def _token(value: str | None) -> str | None:
    """Free text squeezed into one argument word (no spaces, no newlines)."""
    return "".join(value.split()) if value else None


def add_commands(tree: app_commands.CommandTree[Any], bridge: Bridge, hints: Suggestions) -> None:
    """Register every catalogue command on the tree."""
    add_personal_commands(tree, bridge, hints)
    add_checkin_commands(tree, bridge, hints)
    add_account_commands(tree, bridge)
    add_challenge_commands(tree, bridge, hints)


def add_personal_commands(
    tree: app_commands.CommandTree[Any], bridge: Bridge, hints: Suggestions
) -> None:
    """help, faq, profile, program, log, progress."""

    @tree.command(name="help", description="What I can do, my commands and a safety note")
    async def help_(interaction: Interaction) -> None:
        await bridge.command(interaction, "help", private=True)

    @tree.command(name="faq", description="Ask anything about hip dips")
    @app_commands.describe(question="Your question, e.g. can I change my hip dips?")
    @app_commands.autocomplete(question=hints.faq)
    async def faq(interaction: Interaction, question: app_commands.Range[str, 1, 500]) -> None:
        await bridge.command(interaction, _line("faq", question), private=True)

    @tree.command(name="profile", description="Set up your goal, equipment, level and more")
    @app_commands.describe(
        goal="What you want from training",
        equipment="What you can train with",
        level="Your strength-training experience",
        days="Training days per week",
        avoid="Things to go easy on, comma separated (knee, back, hip) or none",
        timezone="Your timezone, e.g. Europe/Berlin",
    )
    @app_commands.choices(goal=_pick(*GOALS), equipment=_pick(*EQUIPMENT), level=_pick(*LEVELS))
    @app_commands.autocomplete(timezone=hints.timezone)
    async def profile(
        interaction: Interaction,
        goal: str | None = None,
        equipment: str | None = None,
        level: str | None = None,
        days: app_commands.Range[int, 2, 4] | None = None,
        avoid: str | None = None,
        timezone: str | None = None,
    ) -> None:
        given = {"goal": goal, "equipment": equipment, "level": level, "days": days}
        given |= {"avoid": _token(avoid), "timezone": _token(timezone)}
        fields = [_line("profile", name, value) for name, value in given.items() if value]
        # The text syntax sets one field per line; several options mean several lines.
        await bridge.commands(interaction, fields or ["profile"], private=True)

    @tree.command(name="program", description="This week's training sessions (or week N)")
    @app_commands.describe(week="Which week of your program")
    async def program(
        interaction: Interaction, week: app_commands.Range[int, 1, 520] | None = None
    ) -> None:
        await bridge.command(interaction, _line("program", week), private=True, slow=True)

    @tree.command(name="log", description="Record training: a session, sessions or reps")
    @app_commands.describe(
        sessions="How many sessions to log (default one)",
        exercise="The exercise you did reps of",
        reps="How many reps of that exercise (per set when you give sets, load or rir)",
        sets="How many sets of that many reps",
        load="The weight or band you used, e.g. 40kg, 90lb or red-band",
        rir="Reps in reserve: how many more reps you could have done",
    )
    @app_commands.autocomplete(exercise=hints.exercise)
    async def log(
        interaction: Interaction,
        sessions: app_commands.Range[int, 1, 50] | None = None,
        exercise: str | None = None,
        reps: app_commands.Range[int, 1, 10000] | None = None,
        sets: app_commands.Range[int, 1, 10] | None = None,
        load: app_commands.Range[str, 1, 32] | None = None,
        rir: app_commands.Range[int, 0, 10] | None = None,
    ) -> None:
        if exercise is not None or reps is not None:
            amount = f"{sets}x{reps}" if sets is not None and reps is not None else reps
            weight = f"@{_token(load)}" if load else None
            effort = f"rir {rir}" if rir is not None else None
            text = _line("log", "reps", _token(exercise), amount, weight, effort)
        else:
            text = _line("log", "sessions" if sessions else None, sessions)
        await bridge.command(interaction, text, private=True)

    @tree.command(name="progress", description="Your history, streak, adherence and a chart")
    async def progress(interaction: Interaction) -> None:
        await bridge.command(interaction, "progress", private=True, slow=True)


def add_checkin_commands(
    tree: app_commands.CommandTree[Any], bridge: Bridge, hints: Suggestions
) -> None:
    """checkins show|on|off|snooze."""
    checkins = app_commands.Group(name="checkins", description="Training check-ins by DM")

    @checkins.command(name="show", description="Your current check-in schedule")
    async def show(interaction: Interaction) -> None:
        await bridge.command(interaction, "checkins", private=True)

    @checkins.command(name="on", description="Get a DM on your training days at a set time")
    @app_commands.describe(
        days="Weekdays, comma separated: mon,wed,fri",
        time="Local time as HH:MM, e.g. 18:30",
        timezone="Your timezone (default: your profile's)",
    )
    @app_commands.autocomplete(timezone=hints.timezone)
    async def on(
        interaction: Interaction,
        days: app_commands.Range[str, 3, 40],
        time: app_commands.Range[str, 4, 5],
        timezone: str | None = None,
    ) -> None:
        text = _line("checkins on", _token(days), _token(time), _token(timezone))
        await bridge.command(interaction, text, private=True)

    @checkins.command(name="off", description="Stop check-in DMs")
    async def off(interaction: Interaction) -> None:
        await bridge.command(interaction, "checkins off", private=True)

    @checkins.command(name="snooze", description="Skip the next check-in")
    async def snooze(interaction: Interaction) -> None:
        await bridge.command(interaction, "checkins snooze", private=True)

    tree.add_command(checkins)


def add_account_commands(tree: app_commands.CommandTree[Any], bridge: Bridge) -> None:
    """link, mydata, forget, stop."""

    @tree.command(name="link", description="Join your Discord and Telegram accounts")
    @app_commands.describe(
        code="A code from /link on your other account", remove="Unlink this platform"
    )
    @app_commands.choices(remove=_pick("telegram", "discord"))
    async def link(
        interaction: Interaction, code: str | None = None, remove: str | None = None
    ) -> None:
        text = _line("link", "remove", remove) if remove else _line("link", _token(code))
        await bridge.command(interaction, text, private=True)

    @tree.command(name="mydata", description="Download everything I store about you (JSON)")
    async def mydata(interaction: Interaction) -> None:
        await bridge.command(interaction, "mydata", private=True, slow=True)

    @tree.command(name="forget", description="Delete everything I store about you")
    async def forget(interaction: Interaction) -> None:
        await bridge.command(interaction, "forget", private=True)

    @tree.command(name="stop", description="Stop all messages I start (check-ins, programs)")
    async def stop(interaction: Interaction) -> None:
        await bridge.command(interaction, "stop", private=True)
