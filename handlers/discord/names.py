"""Discord's command and option names in the member's language (display only).

Discord shows a member the names localised for their client but sends the canonical English
name in every interaction, so the core receives the same command whatever the menu showed.
Names are message ids in their own gettext contexts (a command's `end` is not an option's
`end`), and must keep Discord's rules: lowercase, 1 to 32 letters, digits, `-` or `_`, no
spaces, and unique among their siblings in each language (tests/discord/test_menus.py
checks the synced tree). The console, Telegram, help and usage lines keep the English names.
"""

from __future__ import annotations

import logging
import re

from bot.i18n import Translator

log = logging.getLogger(__name__)

COMMAND = "Discord command name"
OPTION = "Discord option name"
VALID = re.compile(r"[-_'\w]{1,32}")


def NP_(context: str, name: str) -> str:  # scripts/i18n.sh: -k NP_:1c,2
    """Mark a name for extraction in its context; it is translated when the menus sync."""
    return name


COMMAND_NAMES = (
    # TRANSLATORS: a Discord slash command's name: short, lowercase, no spaces (- between
    # words), at most 32 characters, as a member would type it. Every entry in this context is one.
    NP_("Discord command name", "help"),
    NP_("Discord command name", "stop"),
    NP_("Discord command name", "profile"),
    NP_("Discord command name", "faq"),
    NP_("Discord command name", "program"),
    NP_("Discord command name", "challenge"),
    NP_("Discord command name", "challenge-admin"),
    NP_("Discord command name", "join"),
    NP_("Discord command name", "leave"),
    NP_("Discord command name", "list"),
    NP_("Discord command name", "create"),
    NP_("Discord command name", "end"),
    NP_("Discord command name", "post"),
    NP_("Discord command name", "settings"),
    NP_("Discord command name", "leaderboard"),
    NP_("Discord command name", "log"),
    NP_("Discord command name", "link"),
    NP_("Discord command name", "mydata"),
    NP_("Discord command name", "forget"),
    NP_("Discord command name", "checkins"),
    NP_("Discord command name", "on"),
    NP_("Discord command name", "off"),
    NP_("Discord command name", "snooze"),
    NP_("Discord command name", "show"),
    NP_("Discord command name", "progress"),
)
OPTION_NAMES = (
    # TRANSLATORS: a Discord slash command option's name: short, lowercase, no spaces (- or _
    # between words), at most 32 characters. Every entry in this context is one.
    NP_("Discord option name", "goal"),
    NP_("Discord option name", "equipment"),
    NP_("Discord option name", "level"),
    NP_("Discord option name", "days"),
    NP_("Discord option name", "avoid"),
    NP_("Discord option name", "timezone"),
    NP_("Discord option name", "language"),
    NP_("Discord option name", "question"),
    NP_("Discord option name", "week"),
    NP_("Discord option name", "name"),
    NP_("Discord option name", "metric"),
    NP_("Discord option name", "start"),
    NP_("Discord option name", "end"),
    NP_("Discord option name", "exercise"),
    NP_("Discord option name", "channel"),
    NP_("Discord option name", "modrole"),
    NP_("Discord option name", "no_modrole"),
    NP_("Discord option name", "challenge"),
    NP_("Discord option name", "sessions"),
    NP_("Discord option name", "reps"),
    NP_("Discord option name", "sets"),
    NP_("Discord option name", "load"),
    NP_("Discord option name", "rir"),
    NP_("Discord option name", "code"),
    NP_("Discord option name", "remove"),
    NP_("Discord option name", "confirm"),
    NP_("Discord option name", "time"),
)
KNOWN = {COMMAND: frozenset(COMMAND_NAMES), OPTION: frozenset(OPTION_NAMES)}


def local_name(translator: Translator, context: str, name: str) -> str | None:
    """The name in the translator's language; None (Discord shows the English) when the
    catalogue lacks it or its translation breaks Discord's rules, which would fail the sync."""
    if name not in KNOWN[context]:
        log.warning("discord %s %r has no entry in handlers/discord/names.py", context, name)
        return None
    text = translator.pgettext(context, name).strip().lower()
    if not VALID.fullmatch(text):
        log.warning("discord %s %r: %r breaks Discord's naming rules", context, name, text)
        return None
    return text
