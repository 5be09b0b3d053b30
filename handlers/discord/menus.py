"""Discord's command menus in the member's language: names, descriptions and choice labels
are `locale_str`s that discord.py's Translator fills from the gettext catalogues at sync time.

Discord sends each command's English name and each option's value, never what the menu showed,
so translated menus change nothing the core receives. es-ES and es-419 get Spanish, pt-BR
Portuguese; other locales see English.
"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.app_commands import TranslationContextLocation, TranslationContextTypes, locale_str

from bot.commands.menus import MODERATORS, menu_text, moderators_text
from bot.i18n import Catalog, Language
from handlers.discord.names import COMMAND, OPTION, local_name

MAX_TEXT = 100  # Discord's limit for descriptions and choice names, in every locale
NAMES = {
    TranslationContextLocation.command_name: COMMAND,
    TranslationContextLocation.group_name: COMMAND,
    TranslationContextLocation.parameter_name: OPTION,
}


def described(text: str) -> str:
    """Discord wants 1 to 100 characters, and a capital reads better."""
    text = text.strip() or "…"
    return (text[0].upper() + text[1:])[:MAX_TEXT]


def localised(message: str, *, moderators: bool = False) -> locale_str:
    """A description in English, carrying its message id for the translator."""
    english = MODERATORS.format(summary=message) if moderators else message
    return locale_str(described(english), msgid=message, moderators=moderators)


def choice_label(value: str) -> locale_str:
    """A choice's label: its value in English, translated like any message id."""
    return locale_str(value, msgid=value)


class CatalogueTranslator(app_commands.Translator):
    """Translates the menus' `locale_str`s with the bot's own catalogues."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog

    async def translate(
        self, string: locale_str, locale: discord.Locale, context: TranslationContextTypes
    ) -> str | None:
        """The text in the locale's language; None leaves Discord showing the English."""
        language = Language.spoken(locale.value)
        if language is None or language is Language.EN:
            return None
        translator = self._catalog.translator(language)
        if context.location in NAMES:
            return local_name(translator, NAMES[context.location], string.message)
        message = str(string.extras.get("msgid", string.message))
        text = menu_text(translator, message)
        if text is None:
            return None
        if context.location is TranslationContextLocation.choice_name:
            return text[:MAX_TEXT]
        if string.extras.get("moderators"):
            text = moderators_text(translator, message)
        return described(text)
