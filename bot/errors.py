"""Typed errors whose text is safe to show to users; adapters turn them into replies."""

from __future__ import annotations

from bot.rich import RichText, plain
from bot.rich_layout import plain_text


class HipcoachError(Exception):
    """Base error: `user_message` is short, friendly and free of internals.

    An error whose wording depends on the platform (who counts as a moderator, how to open a
    private chat) also has `details`: its kind and facts, which the router hands to the
    adapter with the reply so it can say the same thing in its platform's words.
    Pass rich text when the message quotes the user (`rich.literal(name)`): `rich_message`
    keeps it for the reply, `user_message` is its plain reading.
    """

    default_message = "Something went wrong. Please try again."

    def __init__(self, user_message: str | RichText | None = None) -> None:
        message = user_message or self.default_message
        self.rich_message = message if isinstance(message, RichText) else plain(message)
        self.user_message = plain_text(self.rich_message)
        super().__init__(self.user_message)

    @property
    def details(self) -> dict[str, str]:
        """{"error": kind, ...facts} for adapters that phrase this error themselves; {} if none."""
        return {}


class BadInput(HipcoachError):
    """The user typed something we cannot use; nothing was changed."""

    default_message = "I couldn't understand that. Try `help`."


class PrivateOnly(BadInput):
    """A personal command sent in a group where the answer cannot be private."""

    def __init__(self, command: str) -> None:
        super().__init__(f"/{command} works in a private chat with me.")
        self.command = command

    @property
    def details(self) -> dict[str, str]:
        """The command, so an adapter can add how to open the private chat."""
        return {"error": "private_only", "command": self.command}


class NotFound(HipcoachError):
    """The thing the user asked about does not exist (or is not theirs to see)."""

    default_message = "I couldn't find that."


MODERATORS = "moderators"  # a group's managers / admins, or holders of its moderator role
MANAGERS = "managers"  # a group's managers / admins only


class PermissionDenied(HipcoachError):
    """The user may not do this here: only `who` (MODERATORS or MANAGERS) may `what`.

    The message is neutral ("Only moderators can end challenges."); adapters say who that is
    on their platform (Manage Server on Discord, group admins on Telegram).
    """

    default_message = "Only moderators can do that."

    def __init__(self, what: str = "do that", who: str = MODERATORS) -> None:
        names = {MODERATORS: "moderators", MANAGERS: "group managers"}
        super().__init__(f"Only {names.get(who, who)} can {what}.")
        self.what = what
        self.who = who

    @property
    def details(self) -> dict[str, str]:
        """Who may, and what: for the platform's own wording."""
        return {"error": "permission", "who": self.who, "what": self.what}


class RateLimited(HipcoachError):
    """The user sends commands faster than we serve them; `quiet`: they were told already."""

    default_message = "You're going a bit fast. Please wait a moment and try again."

    def __init__(self, user_message: str | None = None, *, quiet: bool = False) -> None:
        super().__init__(user_message)
        self.quiet = quiet


class Busy(HipcoachError):
    """The same data kept changing under a request, so it gave up; nothing was changed."""

    default_message = "Lots happening at once, so that didn't go through. Please try again."


class NotDelivered(HipcoachError):
    """A post the user asked for could not be delivered to its channel; nothing was sent."""

    default_message = "I couldn't post that just now. Please try again in a minute."


class ConfigError(Exception):
    """Start-up configuration is invalid; the message is one clear line for the operator."""
