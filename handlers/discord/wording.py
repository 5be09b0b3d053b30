"""Discord's own words for refusals that depend on the platform (see HipcoachError.details)."""

from __future__ import annotations

from bot.errors import MANAGERS
from bot.i18n import Catalog
from bot.marks import N_
from bot.types import Reply
from handlers.reader import reader

# "Manage Server" is the permission's name in Discord's settings; translate it as the
# Discord client of that language names it.
ONLY_MANAGERS = N_("Only server managers can {what}: you need the Manage Server permission.")
ONLY_MODERATORS = N_("Only moderators can {what}: you need Manage Server or the moderator role.")


def phrased(reply: Reply, catalog: Catalog) -> Reply:
    """The reply, with a permission refusal saying what it takes on Discord, in its language."""
    if reply.extra.get("error") != "permission":
        return reply
    tr = reader(catalog, reply)
    what = tr.gettext(reply.extra.get("what") or N_("do that"))
    message = ONLY_MANAGERS if reply.extra.get("who") == MANAGERS else ONLY_MODERATORS
    return reply.with_text(tr.gettext(message, what=what))
