"""Server challenge commands: /challenge for members, /challenge-admin for moderators.

Discord grants default permissions per top-level command, never per subcommand, so the
moderator half (create, end, post, settings) is its own group with Manage Server as its
default permission. The core checks moderator rights again, because server admins can change
who sees a command.
"""

from __future__ import annotations

import shlex
from typing import Any

import discord
from discord import app_commands

from handlers.discord.autocomplete import Suggestions
from handlers.discord.bridge import Bridge

Interaction = discord.Interaction[Any]
METRICS = ("sessions", "streak", "reps")


def quoted(name: str) -> str:
    """A challenge name as one shell-style word (whitespace runs collapse to one space)."""
    return shlex.quote(" ".join(name.split()))


def create_line(
    name: str, metric: str, start: str, end: str, exercise: str | None, channel_id: int | None
) -> str:
    """The `challenge create` text line for these options."""
    scoring = f"reps:{''.join((exercise or '').split())}" if metric == "reps" else metric
    parts = ["challenge create", quoted(name), scoring, start.strip(), end.strip()]
    if channel_id is not None:
        parts.append(f"channel={channel_id}")
    return " ".join(parts)


def add_challenge_commands(
    tree: app_commands.CommandTree[Any], bridge: Bridge, hints: Suggestions
) -> None:
    """challenge join|leave|list, challenge-admin create|end|post|settings, leaderboard."""
    members = app_commands.Group(
        name="challenge", description="This server's training challenges", guild_only=True
    )

    @members.command(name="join", description="Join a challenge")
    @app_commands.describe(name="The challenge to join")
    @app_commands.autocomplete(name=hints.challenge)
    async def join(interaction: Interaction, name: app_commands.Range[str, 1, 80]) -> None:
        await bridge.command(interaction, f"challenge join {quoted(name)}", private=False)

    @members.command(name="leave", description="Leave a challenge")
    @app_commands.describe(name="The challenge to leave")
    @app_commands.autocomplete(name=hints.challenge)
    async def leave(interaction: Interaction, name: app_commands.Range[str, 1, 80]) -> None:
        await bridge.command(interaction, f"challenge leave {quoted(name)}", private=False)

    @members.command(name="list", description="Challenges running in this server")
    async def list_(interaction: Interaction) -> None:
        await bridge.command(interaction, "challenge list", private=False)

    moderators = app_commands.Group(
        name="challenge-admin",
        description="Create, end and post this server's challenges (moderators)",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    @moderators.command(name="create", description="Start a new challenge")
    @app_commands.describe(
        name="A short name members will use to join",
        metric="How members score",
        start="First day, YYYY-MM-DD",
        end="Last day, YYYY-MM-DD",
        exercise="For a reps challenge: the exercise counted",
        channel="Where standings are posted (default: this channel)",
    )
    @app_commands.choices(metric=[app_commands.Choice(name=m, value=m) for m in METRICS])
    @app_commands.autocomplete(exercise=hints.exercise)
    async def create(
        interaction: Interaction,
        name: app_commands.Range[str, 1, 80],
        metric: str,
        start: app_commands.Range[str, 10, 10],
        end: app_commands.Range[str, 10, 10],
        exercise: str | None = None,
        channel: discord.TextChannel | None = None,
    ) -> None:
        channel_id = channel.id if channel is not None else None
        text = create_line(name, metric, start, end, exercise, channel_id)
        await bridge.command(interaction, text, private=False)

    @moderators.command(name="end", description="End a challenge and announce the result")
    @app_commands.describe(name="The challenge to end")
    @app_commands.autocomplete(name=hints.challenge)
    async def end(interaction: Interaction, name: app_commands.Range[str, 1, 80]) -> None:
        await bridge.command(interaction, f"challenge end {quoted(name)}", private=False)

    @moderators.command(name="post", description="Post a challenge's standings in its channel")
    @app_commands.describe(name="The challenge whose standings to post")
    @app_commands.autocomplete(name=hints.challenge)
    async def post(interaction: Interaction, name: app_commands.Range[str, 1, 80]) -> None:
        line = f"challenge post {quoted(name)}"
        await bridge.command(interaction, line, private=True, slow=True)

    @moderators.command(name="settings", description="Show or change challenge settings")
    @app_commands.describe(
        timezone="Timezone for new challenges' dates",
        modrole="A role whose members may also create and end challenges",
        no_modrole="Remove the moderator role",
    )
    @app_commands.autocomplete(timezone=hints.timezone)
    async def settings(
        interaction: Interaction,
        timezone: str | None = None,
        modrole: discord.Role | None = None,
        no_modrole: bool = False,
    ) -> None:
        lines = [f"challenge settings timezone {''.join(timezone.split())}"] if timezone else []
        if modrole is not None or no_modrole:
            lines.append(f"challenge settings modrole {modrole.id if modrole else 'none'}")
        await bridge.commands(interaction, lines or ["challenge settings"], private=False)

    @tree.command(name="leaderboard", description="Top 10 of a challenge and your own rank")
    @app_commands.describe(challenge="Which challenge (default: the current one)")
    @app_commands.autocomplete(challenge=hints.challenge)
    @app_commands.guild_only()
    async def leaderboard(interaction: Interaction, challenge: str | None = None) -> None:
        text = f"leaderboard {quoted(challenge)}" if challenge else "leaderboard"
        await bridge.command(interaction, text, private=False, slow=True)

    tree.add_command(members)
    tree.add_command(moderators)
