"""Discord's own words for refusals that depend on the platform (see HipcoachError.details)."""

from __future__ import annotations

from bot.errors import MANAGERS
from bot.types import Reply


def phrased(reply: Reply) -> Reply:
    """The reply, with a permission refusal saying what it takes on Discord."""
    if reply.extra.get("error") != "permission":
        return reply
    what = reply.extra.get("what") or "do that"
    if reply.extra.get("who") == MANAGERS:
        text = f"Only server managers can {what}: you need the Manage Server permission."
    else:
        text = f"Only moderators can {what}: you need Manage Server or the moderator role."
    return reply.with_text(text)
