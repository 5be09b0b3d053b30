"""Autocomplete for slash-command options: FAQ questions, exercises, timezones, challenges."""

from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.i18n import Language
from handlers.discord.bridge import to_incoming

if TYPE_CHECKING:
    from bot.bootstrap import App

log = logging.getLogger(__name__)

MAX_CHOICES = 25  # Discord shows at most 25 suggestions
MAX_CHOICE_CHARS = 100

Choices = list[app_commands.Choice[str]]


def _choices(pairs: Iterable[tuple[str, str]]) -> Choices:
    result: Choices = []
    for name, value in pairs:
        if len(result) == MAX_CHOICES:
            break
        result.append(app_commands.Choice(name=name[:MAX_CHOICE_CHARS], value=value[:100]))
    return result


def _matching(options: Iterable[str], current: str) -> list[str]:
    needle = current.strip().lower()
    starts = [option for option in options if option.lower().startswith(needle)]
    inside = [option for option in options if needle in option.lower() and option not in starts]
    return starts + inside


class Suggestions:
    """Each method is an autocomplete callback; failures suggest nothing rather than error."""

    def __init__(self, app: App, exercises: list[tuple[str, str]]) -> None:
        self._app = app
        self._exercises = exercises  # (id, name) pairs from the exercise catalogue
        self._timezones: list[str] | None = None

    async def faq(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        """FAQ question titles in the member's client language matching what they typed."""
        # The client's locale, not the profile: autocomplete runs on every keystroke and
        # reads nothing from storage.
        language = Language.parse(str(interaction.locale))
        titles = self._app.services.faq.suggest(current, MAX_CHOICES, language)
        return _choices((title, title) for title in titles)

    async def exercise(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        """Exercises by id or name."""
        needle = current.strip().lower()
        found = [
            (f"{name} ({exercise_id})", exercise_id)
            for exercise_id, name in self._exercises
            if needle in exercise_id or needle in name.lower()
        ]
        return _choices(found)

    async def timezone(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        """IANA timezone names."""
        if self._timezones is None:
            self._timezones = sorted(zoneinfo.available_timezones())
        return _choices((zone, zone) for zone in _matching(self._timezones, current))

    async def challenge(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        """Names of this server's challenges."""
        if interaction.guild_id is None:
            return []
        chat = to_incoming(interaction).chat
        names = await self._app.services.challenges.names(chat, current.strip())
        return _choices((name, name) for name in names)
