"""The language of an adapter's own words: the reader's as the core read it, else the platform's."""

from __future__ import annotations

from bot.i18n import Catalog, Language, Translator
from bot.marks import N_
from bot.types import Reply

# What a user reads when their message failed on our side (the log has the details).
APOLOGY = N_("Sorry, something went wrong on my side. Please try again in a moment.")
# Discord must show something for an answered interaction even when there is nothing to say.
DONE = N_("Done.")


def reader(catalog: Catalog, reply: Reply | None, locale: str | None = None) -> Translator:
    """The translator for text an adapter adds to a reply (the core marks its language).

    Without a mark (an unexpected failure, nothing read) the platform's locale decides.
    """
    marked = reply.extra.get("language") if reply is not None else None
    return catalog.translator(Language.parse(marked or locale))
