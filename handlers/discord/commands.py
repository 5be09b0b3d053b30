"""The Discord command tree, generated from the core's command declarations.

Each declared parameter becomes a typed option (choices, ranges, autocomplete); a slash
command's options go to the core as they are, in one call, checked there as a whole.
Discord grants default permissions per top-level command, never per subcommand, so a
command's moderator subcommands form their own `<name>-admin` group with Manage Server as its
default permission; the core checks moderator rights again, because server admins can change
who sees a command.
"""

from __future__ import annotations

import inspect
from typing import Any, Optional

import discord
from discord import app_commands

from bot.commands.base import Command
from bot.commands.declare import Form, Param
from handlers.discord.autocomplete import Suggestions
from handlers.discord.bridge import Bridge
from handlers.discord.menus import choice_label, localised
from handlers.discord.names import group_name

Interaction = discord.Interaction[Any]
MODERATORS = discord.Permissions(manage_guild=True)


def add_commands(tree: app_commands.CommandTree[Any], bridge: Bridge, hints: Suggestions) -> None:
    """Register every declared command that Discord offers on the tree."""
    for command in bridge.registry.catalogue():
        if command.on_discord:
            for entry in discord_commands(command, bridge, hints):
                tree.add_command(entry)


def discord_commands(
    command: Command, bridge: Bridge, hints: Suggestions
) -> list[app_commands.Command[Any, ..., None] | app_commands.Group]:
    """A plain slash command, or a group of subcommands (and its moderators' group)."""
    guild_only = not command.in_private
    if len(command.forms) == 1 and not command.forms[0].name:
        only = _slash(command, command.forms[0], command.name, bridge, hints)
        only.guild_only = guild_only
        return [only]
    members = [form for form in command.forms if not form.moderator]
    admins = [form for form in command.forms if form.moderator]
    groups: list[app_commands.Command[Any, ..., None] | app_commands.Group] = []
    for moderators, forms, permissions in ((False, members, None), (True, admins, MODERATORS)):
        if not forms:
            continue
        group = app_commands.Group(
            name=group_name(command.name, moderators),
            description=localised(command.summary, moderators=moderators),
            guild_only=guild_only,
            default_permissions=permissions,
        )
        for form in forms:
            group.add_command(_slash(command, form, form.name, bridge, hints))
        groups.append(group)
    return groups


def _slash(
    command: Command, form: Form, name: str, bridge: Bridge, hints: Suggestions
) -> app_commands.Command[Any, ..., None]:
    """One slash command whose options are the form's parameters."""
    line = " ".join(part for part in (command.name, form.name) if part)
    private, slow = command.in_private or form.private, form.slow

    async def run(interaction: Interaction, **options: Any) -> None:
        values = {key: _value(value) for key, value in options.items() if value is not None}
        await bridge.command(interaction, line, private=private, slow=slow, options=values)

    run.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
        + [_parameter(param) for param in form.params]
    )
    run.__annotations__ = {"interaction": Interaction}
    callback: Any = run
    if form.params:
        callback = app_commands.describe(**{p.name: localised(p.help) for p in form.params})(
            callback
        )
    choices = {p.name: _choices(p) for p in form.params if p.choices}
    if choices:
        callback = app_commands.choices(**choices)(callback)
    suggest = {p.name: getattr(hints, p.suggest) for p in form.params if p.suggest}
    if suggest:
        callback = app_commands.autocomplete(**suggest)(callback)
    summary = form.summary or command.summary
    return app_commands.Command(name=name, description=localised(summary), callback=callback)


def _parameter(param: Param) -> inspect.Parameter:
    annotation = _annotation(param)
    required = param.mandatory
    return inspect.Parameter(
        param.name,
        inspect.Parameter.KEYWORD_ONLY,
        annotation=annotation if required else Optional[annotation],  # noqa: UP045
        default=inspect.Parameter.empty if required else None,
    )


def _annotation(param: Param) -> Any:
    """The option type: text and numbers with their limits, channels, roles, flags."""
    if param.kind == "int":
        if param.low is None and param.high is None:
            return int
        return app_commands.Range[int, param.low, param.high]
    if param.kind == "flag":
        return bool
    if param.kind == "channel":
        return discord.TextChannel
    if param.kind == "role":
        return discord.Role
    if param.kind == "date":
        return app_commands.Range[str, 10, 10]
    if param.kind == "text" and (param.low is not None or param.high is not None):
        return app_commands.Range[str, param.low, param.high]
    return str


def _choices(param: Param) -> list[app_commands.Choice[str]]:
    return [
        app_commands.Choice(name=choice_label(choice), value=choice) for choice in param.choices
    ]


def _value(value: Any) -> str | int | bool:
    """A channel or role as its id; everything else as Discord sent it."""
    if isinstance(value, discord.abc.Snowflake):
        return str(value.id)
    return value if isinstance(value, str | int | bool) else str(value)
