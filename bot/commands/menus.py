"""What the platforms' command menus show, in each language, from the one catalogue.

Command and option names stay English in the core: help, usage lines, refusals and the
Telegram and console grammar all name them. Only Discord's menu shows localised names
(handlers/discord/names.py), display only: Discord still sends the English name.
Descriptions and the labels of choices are translated; a choice's value (what is typed and
what the core receives) never changes.
"""

from __future__ import annotations

from bot.i18n import N_, Language, Translator

MODERATORS = N_("{summary} (moderators)")
# Each choice a menu offers, as its label's message id (the label of the value `soften`
# is gettext("soften")); tests/discord/test_menus.py checks every declared choice is here.
CHOICE_LABELS = (
    N_("soften"),
    N_("emphasize"),
    N_("strength"),
    N_("none"),
    N_("bands"),
    N_("dumbbells"),
    N_("gym"),
    N_("beginner"),
    N_("intermediate"),
    N_("advanced"),
    N_("sessions"),
    N_("streak"),
    N_("reps"),
    N_("telegram"),
    N_("discord"),
    N_("en"),
    N_("es"),
    N_("pt-BR"),
)


def menu_languages() -> tuple[Language, ...]:
    """The languages menus are translated into (English is every menu's default)."""
    return tuple(language for language in Language if language is not Language.EN)


def menu_text(translator: Translator, message: str) -> str | None:
    """The message in the translator's language, or None when the catalogue lacks it."""
    text = translator.gettext(message) if message.strip() else message
    return text if text != message else None


def moderators_text(translator: Translator, summary: str) -> str:
    """A moderators' menu entry: the summary, marked as for moderators."""
    return translator.gettext(MODERATORS, summary=translator.gettext(summary))
