"""Typed errors whose text is safe to show to users; adapters turn them into replies."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot import rich
from bot.marks import N_
from bot.rich import RichText
from bot.rich_layout import plain_text

if TYPE_CHECKING:
    from bot.i18n import Translator


class HipcoachError(Exception):
    """Base error: `user_message` is short, friendly and free of internals.

    An error whose wording depends on the platform (who counts as a moderator, how to open a
    private chat) also has `details`: its kind and facts, which the router hands to the
    adapter with the reply so it can say the same thing in its platform's words.
    The message is an English message id marked with `N_`, its `{name}` fields filled from
    `values` (each shown as a `Literal`: user text stays literal); the router shows it in the
    user's language with `translated`. `rich_message` is the English body, `user_message`
    its plain reading.
    """

    default_message = N_("Something went wrong. Please try again.")

    def __init__(self, user_message: str | None = None, **values: object) -> None:
        self.message_id = user_message or self.default_message
        self.values = values
        self.rich_message = rich.template(self.message_id, **values)
        self.user_message = plain_text(self.rich_message)
        super().__init__(self.user_message)

    def translated(self, tr: Translator) -> RichText:
        """The message in the translator's language."""
        return tr.body(self.message_id, **self.values)

    @property
    def details(self) -> dict[str, str]:
        """{"error": kind, ...facts} for adapters that phrase this error themselves; {} if none."""
        return {}


class BadInput(HipcoachError):
    """The user typed something we cannot use; nothing was changed."""

    default_message = N_("I couldn't understand that. Try `help`.")


class PrivateOnly(BadInput):
    """A personal command sent in a group where the answer cannot be private."""

    def __init__(self, command: str) -> None:
        super().__init__(N_("/{command} works in a private chat with me."), command=command)
        self.command = command

    @property
    def details(self) -> dict[str, str]:
        """The command, so an adapter can add how to open the private chat."""
        return {"error": "private_only", "command": self.command}


class NotFound(HipcoachError):
    """The thing the user asked about does not exist (or is not theirs to see)."""

    default_message = N_("I couldn't find that.")


MODERATORS = "moderators"  # a group's managers / admins, or holders of its moderator role
MANAGERS = "managers"  # a group's managers / admins only


class PermissionDenied(HipcoachError):
    """The user may not do this here: only `who` (MODERATORS or MANAGERS) may `what`.

    The message is neutral ("Only moderators can end challenges."); adapters say who that is
    on their platform (Manage Server on Discord, group admins on Telegram).
    """

    default_message = N_("Only moderators can do that.")

    def __init__(self, what: str = N_("do that"), who: str = MODERATORS) -> None:
        message = {
            MODERATORS: N_("Only moderators can {what}."),
            MANAGERS: N_("Only group managers can {what}."),
        }[who]
        super().__init__(message, what=rich.Text(what))
        self.what = what
        self.who = who

    def translated(self, tr: Translator) -> RichText:
        """The refusal in the translator's language, `what` (marked with N_) translated too."""
        return tr.body(self.message_id, what=rich.Text(tr.gettext(self.what)))

    @property
    def details(self) -> dict[str, str]:
        """Who may, and what: for the platform's own wording."""
        return {"error": "permission", "who": self.who, "what": self.what}


class RateLimited(HipcoachError):
    """The user sends commands faster than we serve them; `quiet`: they were told already."""

    default_message = N_("You're going a bit fast. Please wait a moment and try again.")

    def __init__(
        self, user_message: str | None = None, *, quiet: bool = False, **values: object
    ) -> None:
        super().__init__(user_message, **values)
        self.quiet = quiet


class Busy(HipcoachError):
    """The same data kept changing under a request, so it gave up; nothing was changed."""

    default_message = N_("Lots happening at once, so that didn't go through. Please try again.")


class NotDelivered(HipcoachError):
    """A post the user asked for could not be delivered to its channel; nothing was sent."""

    default_message = N_("I couldn't post that just now. Please try again in a minute.")


class ConfigError(Exception):
    """Start-up configuration is invalid; the message is one clear line for the operator."""
