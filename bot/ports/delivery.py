"""The Sender port for messages the core starts, and the errors a delivery can raise."""

from __future__ import annotations

from typing import Protocol

from bot.types import Reply


class DeliveryError(Exception):
    """A message the core started could not be delivered."""


class RecipientUnreachable(DeliveryError):
    """The user blocked the bot or the chat is gone: stop sending until they write again."""


class RetryLater(DeliveryError):
    """The platform asked us to slow down or failed temporarily."""

    def __init__(self, seconds: float, reason: str = "") -> None:
        super().__init__(reason or f"retry after {seconds}s")
        self.seconds = seconds


class Sender(Protocol):
    """Delivers core-initiated messages (check-ins, programs, standings) on one platform."""

    async def send_dm(self, user_external_id: str, reply: Reply) -> None:
        """Send a direct message to a platform user; raises DeliveryError subclasses."""
        ...

    async def send_channel(self, channel_id: str, reply: Reply) -> None:
        """Post in a channel or group chat; raises DeliveryError subclasses."""
        ...


def send_rate(sender: Sender) -> float | None:
    """The sustained messages per second a Sender's platform budget lets out, if it says.

    Platform senders pace core-initiated sends themselves (bot-wide, per chat, with retries
    on flood control) and expose the bot-wide figure as `send_rate`; a caller may size its
    batches by it. Senders without one (test doubles) answer None: no known limit.
    """
    rate = getattr(sender, "send_rate", None)
    return float(rate) if isinstance(rate, int | float) and rate > 0 else None
