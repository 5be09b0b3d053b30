"""Telegram's command menus: one per scope (private chats, groups) and per language.

Telegram shows a user the menu published for their app's language code (two letters: es,
pt), else the default one, which is English. Command names are the same in every language.
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import BotCommand, BotCommandScope
from telegram import BotCommandScopeAllGroupChats as GroupChats
from telegram import BotCommandScopeAllPrivateChats as PrivateChats

from bot.commands.base import Command
from bot.commands.menus import menu_languages
from bot.i18n import Catalog, Language, Translator

MAX_DESCRIPTION = 256


def menus(
    catalogue: Sequence[Command], catalog: Catalog
) -> list[tuple[BotCommandScope, str | None, list[BotCommand]]]:
    """(scope, language code or None for the default, commands) for every menu to publish."""
    scopes: tuple[tuple[BotCommandScope, list[Command]], ...] = (
        (PrivateChats(), [c for c in catalogue if c.in_private]),
        (GroupChats(), [c for c in catalogue if c.in_groups]),
    )
    languages: tuple[Language, ...] = (Language.EN, *menu_languages())
    return [
        (
            scope,
            language_code(language),
            [_entry(c, catalog.translator(language)) for c in commands],
        )
        for scope, commands in scopes
        for language in languages
    ]


def language_code(language: Language) -> str | None:
    """Telegram's two-letter code for a menu's language; None for the default (English)."""
    return None if language is Language.EN else language.value.split("-")[0]


def _entry(command: Command, translator: Translator) -> BotCommand:
    summary = command.summary.strip()
    text = translator.gettext(summary) if summary else command.name
    return BotCommand(command.name, text[:MAX_DESCRIPTION])
