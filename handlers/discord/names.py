"""Discord's command and option names in the member's language (display only).

Discord shows a member the names localised for their client but sends the canonical English
name in every interaction, so the core receives the same command whatever the menu showed.
Names are message ids in their own gettext contexts (a command's `end` is not an option's
`end`), and must keep Discord's rules: lowercase, 1 to 32 letters, digits, `-` or `_`, no
spaces, and unique among their siblings in each language (tests/discord/test_menus.py
checks the synced tree). Help and usage lines use the same names (`handlers/discord/usage.py`);
the console and Telegram keep the English names.
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
    # TRANSLATORS: a Discord command name: lowercase, no spaces, 1-32 characters
    NP_("Discord command name", "help"),
    # TRANSLATORS: a Discord command name: lowercase, no spaces, 1-32 characters
    NP_("Discord command name", "stop"),
    # TRANSLATORS: a Discord command name: lowercase, no spaces, 1-32 characters
    NP_("Discord command name", "profile"),
    # TRANSLATORS: a Discord command name: lowercase, no spaces, 1-32 characters
    NP_("Discord command name", "faq"),
    # TRANSLATORS: a Discord command name: lowercase, no spaces, 1-32 characters
    NP_("Discord command name", "program"),
    # TRANSLATORS: a Discord command name: lowercase, no spaces, 1-32 characters
    NP_("Discord command name", "challenge"),
    # TRANSLATORS: a Discord command name: lowercase, no spaces, 1-32 characters
    NP_("Discord command name", "challenge-admin"),
    # TRANSLATORS: a Discord command name: lowercase, no spaces, 1-32 characters
    NP_("Discord command name", "join"),
    # TRANSLATORS: a Discord command name: lowercase, no spaces, 1-32 characters
    NP_("Discord command name", "leave"),
    # TRANSLATORS: a Discord command name: lowercase, no spaces, 1-32 characters
    NP_("Discord command name", "list"),
    # TRANSLATORS: a Discord command name: lowercase, no spaces, 1-32 characters
    NP_("Discord command name", "create"),
    # TRANSLATORS: a Discord command name: lowercase, no spaces, 1-32 characters
    NP_("Discord command name", "end"),
    # TRANSLATORS: a Discord command name: lowercase, no spaces, 1-32 characters
    NP_("Discord command name", "post"),
    # TRANSLATORS: a Discord command name: lowercase, no spaces, 1-32 characters
    NP_("Discord command name", "settings"),
    # TRANSLATORS: a Discord command name: lowercase, no spaces, 1-32 characters
    NP_("Discord command name", "leaderboard"),
    # TRANSLATORS: a Discord command name: lowercase, no spaces, 1-32 characters
    NP_("Discord command name", "log"),
    # TRANSLATORS: a Discord command name: lowercase, no spaces, 1-32 characters
    NP_("Discord command name", "link"),
    # TRANSLATORS: a Discord command name: lowercase, no spaces, 1-32 characters
    NP_("Discord command name", "mydata"),
    # TRANSLATORS: a Discord command name: lowercase, no spaces, 1-32 characters
    NP_("Discord command name", "forget"),
    # TRANSLATORS: a Discord command name: lowercase, no spaces, 1-32 characters
    NP_("Discord command name", "checkins"),
    # TRANSLATORS: a Discord command name: lowercase, no spaces, 1-32 characters
    NP_("Discord command name", "on"),
    # TRANSLATORS: a Discord command name: lowercase, no spaces, 1-32 characters
    NP_("Discord command name", "off"),
    # TRANSLATORS: a Discord command name: lowercase, no spaces, 1-32 characters
    NP_("Discord command name", "snooze"),
    # TRANSLATORS: a Discord command name: lowercase, no spaces, 1-32 characters
    NP_("Discord command name", "show"),
    # TRANSLATORS: a Discord command name: lowercase, no spaces, 1-32 characters
    NP_("Discord command name", "progress"),
)
OPTION_NAMES = (
    # TRANSLATORS: a Discord option name: lowercase, no spaces, 1-32 characters
    NP_("Discord option name", "goal"),
    # TRANSLATORS: a Discord option name: lowercase, no spaces, 1-32 characters
    NP_("Discord option name", "equipment"),
    # TRANSLATORS: a Discord option name: lowercase, no spaces, 1-32 characters
    NP_("Discord option name", "level"),
    # TRANSLATORS: a Discord option name: lowercase, no spaces, 1-32 characters
    NP_("Discord option name", "days"),
    # TRANSLATORS: a Discord option name: lowercase, no spaces, 1-32 characters
    NP_("Discord option name", "avoid"),
    # TRANSLATORS: a Discord option name: lowercase, no spaces, 1-32 characters
    NP_("Discord option name", "timezone"),
    # TRANSLATORS: a Discord option name: lowercase, no spaces, 1-32 characters
    NP_("Discord option name", "language"),
    # TRANSLATORS: a Discord option name: lowercase, no spaces, 1-32 characters
    NP_("Discord option name", "question"),
    # TRANSLATORS: a Discord option name: lowercase, no spaces, 1-32 characters
    NP_("Discord option name", "week"),
    # TRANSLATORS: a Discord option name: lowercase, no spaces, 1-32 characters
    NP_("Discord option name", "name"),
    # TRANSLATORS: a Discord option name: lowercase, no spaces, 1-32 characters
    NP_("Discord option name", "metric"),
    # TRANSLATORS: a Discord option name: lowercase, no spaces, 1-32 characters
    NP_("Discord option name", "start"),
    # TRANSLATORS: a Discord option name: lowercase, no spaces, 1-32 characters
    NP_("Discord option name", "end"),
    # TRANSLATORS: a Discord option name: lowercase, no spaces, 1-32 characters
    NP_("Discord option name", "exercise"),
    # TRANSLATORS: a Discord option name: lowercase, no spaces, 1-32 characters
    NP_("Discord option name", "channel"),
    # TRANSLATORS: a Discord option name: lowercase, no spaces, 1-32 characters
    NP_("Discord option name", "modrole"),
    # TRANSLATORS: a Discord option name: lowercase, no spaces, 1-32 characters
    NP_("Discord option name", "no_modrole"),
    # TRANSLATORS: a Discord option name: lowercase, no spaces, 1-32 characters
    NP_("Discord option name", "challenge"),
    # TRANSLATORS: a Discord option name: lowercase, no spaces, 1-32 characters
    NP_("Discord option name", "sessions"),
    # TRANSLATORS: a Discord option name: lowercase, no spaces, 1-32 characters
    NP_("Discord option name", "reps"),
    # TRANSLATORS: a Discord option name: lowercase, no spaces, 1-32 characters
    NP_("Discord option name", "sets"),
    # TRANSLATORS: a Discord option name: lowercase, no spaces, 1-32 characters
    NP_("Discord option name", "load"),
    # TRANSLATORS: a Discord option name: lowercase, no spaces, 1-32 characters
    NP_("Discord option name", "rir"),
    # TRANSLATORS: a Discord option name: lowercase, no spaces, 1-32 characters
    NP_("Discord option name", "code"),
    # TRANSLATORS: a Discord option name: lowercase, no spaces, 1-32 characters
    NP_("Discord option name", "remove"),
    # TRANSLATORS: a Discord option name: lowercase, no spaces, 1-32 characters
    NP_("Discord option name", "confirm"),
    # TRANSLATORS: a Discord option name: lowercase, no spaces, 1-32 characters
    NP_("Discord option name", "time"),
)
KNOWN = {COMMAND: frozenset(COMMAND_NAMES), OPTION: frozenset(OPTION_NAMES)}


def group_name(command: str, moderators: bool) -> str:
    """The top-level Discord command that holds a command's subcommands: moderators' ones go
    in their own `<command>-admin` group (Discord grants permissions per top-level command)."""
    return command + ("-admin" if moderators else "")


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
