"""Telegram's own words for refusals that depend on the platform (see HipcoachError.details)."""

from __future__ import annotations

from bot.i18n import Catalog
from bot.marks import N_
from bot.types import Reply
from handlers.reader import reader

SENT_PRIVATELY = N_("I've sent you the details in a private message.")
CANNOT_DM = N_(
    "I can't message you privately yet: open a chat with @{bot} and press Start, then try again."
)
ONLY_ADMINS = N_("Only group admins can {what}.")
# "Start" is the button Telegram shows in a new private chat; name it as Telegram's app
# in that language does.
CHECKINS_PRIVATE = N_(
    "Check-ins come as private messages, and Telegram lets me write to you only after "
    "you start a chat with me. Open {link} and press Start, then set them up there."
)
COMMAND_PRIVATE = N_("/{command} works in a private chat with me: open {link} and press Start.")


def start_link(bot_username: str, payload: str) -> str:
    """The deep link that opens the private chat with the bot; Start sends `/start payload`."""
    return f"https://t.me/{bot_username}?start={payload}"


def phrased(reply: Reply, bot_username: str, catalog: Catalog) -> Reply:
    """The reply, with group refusals in Telegram's terms (admins, how to start a chat)."""
    error = reply.extra.get("error")
    if error not in ("permission", "private_only"):
        return reply
    tr = reader(catalog, reply)
    if error == "permission":
        what = tr.gettext(reply.extra.get("what") or N_("do that"))
        return reply.with_text(tr.gettext(ONLY_ADMINS, what=what))
    command = reply.extra.get("command") or "start"
    link = start_link(bot_username, command)
    if command == "checkins":
        return reply.with_text(tr.gettext(CHECKINS_PRIVATE, link=link))
    return reply.with_text(tr.gettext(COMMAND_PRIVATE, command=command, link=link))
