"""Commands named in a reply, shown the way Discord's menu shows them to the member.

The core writes a command to type as a `CommandRef` with its text usage line
(`/challenge create <name> ...`). On Discord a moderator's subcommand lives under
`<command>-admin`, options are typed fields rather than words, and the menu shows the names
localised for the member's client, so the same reference reads `/challenge-admin create name
metric start end [exercise] [channel]` (or `/desafio-admin crear ...` in Spanish).
"""

from __future__ import annotations

from bot import rich
from bot.i18n import Translator
from bot.rich_layout import replace_spans
from bot.types import Reply
from handlers.discord.names import COMMAND, OPTION, group_name, local_name


def slash_usage(ref: rich.CommandRef, names: Translator) -> str:
    """The reference as the member's Discord menu names it."""
    group = group_name(ref.command, bool(ref.form) and ref.moderator)
    words = [local_name(names, COMMAND, group) or group]
    if ref.form:
        words.append(local_name(names, COMMAND, ref.form) or ref.form)
    for name, required in ref.options:
        shown = local_name(names, OPTION, name) or name
        words.append(shown if required else f"[{shown}]")
    return "/" + " ".join(words)


def with_discord_commands(reply: Reply, names: Translator) -> Reply:
    """The reply with every command reference in Discord's form (unchanged when it has none)."""

    def swap(span: rich.Inline) -> rich.Inline:
        if isinstance(span, rich.CommandRef):
            return rich.Code(slash_usage(span, names))
        return span

    body = replace_spans(reply.body, swap)
    return reply if body == reply.body else reply.with_text(body)
