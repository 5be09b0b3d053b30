"""Typed errors whose text is safe to show to users; adapters turn them into replies."""

from __future__ import annotations

from bot.rich import RichText, plain


class HipcoachError(Exception):
    """Base error: `user_message` is short, friendly and free of internals.

    Pass rich text when the message quotes the user (`rich.literal(name)`): `rich_message`
    keeps it for the reply, `user_message` is its plain reading.
    """

    default_message = "Something went wrong. Please try again."

    def __init__(self, user_message: str | RichText | None = None) -> None:
        message = user_message or self.default_message
        self.rich_message = message if isinstance(message, RichText) else plain(message)
        self.user_message = self.rich_message.plain()
        super().__init__(self.user_message)


class BadInput(HipcoachError):
    """The user typed something we cannot use; nothing was changed."""

    default_message = "I couldn't understand that. Try `help`."


class NotFound(HipcoachError):
    """The thing the user asked about does not exist (or is not theirs to see)."""

    default_message = "I couldn't find that."


class PermissionDenied(HipcoachError):
    """The user may not do this here."""

    default_message = "Only moderators can do that."


class RateLimited(HipcoachError):
    """The user sends commands faster than we serve them."""

    default_message = "You're going a bit fast. Please wait a moment and try again."


class Busy(HipcoachError):
    """The same data kept changing under a request, so it gave up; nothing was changed."""

    default_message = "Lots happening at once, so that didn't go through. Please try again."


class NotDelivered(HipcoachError):
    """A post the user asked for could not be delivered to its channel; nothing was sent."""

    default_message = "I couldn't post that just now. Please try again in a minute."


class ConfigError(Exception):
    """Start-up configuration is invalid; the message is one clear line for the operator."""
