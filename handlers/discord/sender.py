"""Core-initiated messages on Discord: DMs (check-ins, programs) and channel posts (standings)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable

import aiohttp
import discord

from bot.ports import DeliveryError, RecipientUnreachable, RetryLater
from bot.ports.metrics import Metrics, SendErrorKind
from bot.types import Reply
from handlers.discord.pacing import bulk
from handlers.discord.render import render

log = logging.getLogger(__name__)

CANNOT_MESSAGE_USER = 50007  # DMs closed, bot blocked, or no shared server
SERVER_ERROR_RETRY_SECONDS = 30.0


class DiscordSender:
    """Implements bot.ports.Sender on a logged-in discord.Client.

    Its requests are bulk: paced in the global budget behind answers to users. `send_rate` is
    that budget in requests per second (a DM to a user not yet cached takes up to three).
    """

    def __init__(
        self, client: discord.Client, send_rate: float = 50.0, metrics: Metrics | None = None
    ) -> None:
        self._client = client
        self.send_rate = send_rate
        self._metrics = metrics

    async def send_dm(self, user_external_id: str, reply: Reply) -> None:
        """DM a user by id; DeliveryError subclasses say whether to retry or give up."""
        await self._counted(self._dm(int(user_external_id), reply))

    async def send_channel(self, channel_id: str, reply: Reply) -> None:
        """Post in a server channel by id."""
        await self._counted(self._post(int(channel_id), reply))

    async def _counted(self, delivery: Awaitable[None]) -> None:
        """Translate the delivery's failures and count its outcome in the metrics."""
        try:
            await _translated(delivery)
        except DeliveryError as error:
            if self._metrics is not None:
                self._metrics.send_failed("discord", error_kind(error.__cause__))
            raise
        if self._metrics is not None:
            self._metrics.reply_sent("discord", bulk=True)

    async def _dm(self, user_id: int, reply: Reply) -> None:
        user = self._client.get_user(user_id) or await self._client.fetch_user(user_id)
        channel = user.dm_channel or await user.create_dm()
        await _send(channel, reply)

    async def _post(self, channel_id: int, reply: Reply) -> None:
        channel = self._client.get_channel(channel_id) or await self._client.fetch_channel(
            channel_id
        )
        if not isinstance(channel, discord.abc.Messageable):
            raise RecipientUnreachable(f"channel {channel_id} cannot receive messages")
        await _send(channel, reply)


async def _send(channel: discord.abc.Messageable, reply: Reply) -> None:
    for message in render(reply):
        await channel.send(**message.send_kwargs())


async def _translated(delivery: Awaitable[None]) -> None:
    """Run a delivery as bulk and turn Discord's failures into the core's delivery errors."""
    try:
        with bulk():
            await delivery
    except discord.RateLimited as error:
        raise RetryLater(error.retry_after, "discord rate limit") from error
    except (discord.Forbidden, discord.NotFound) as error:
        raise RecipientUnreachable(f"discord {error.status} ({error.code})") from error
    except discord.DiscordServerError as error:
        raise RetryLater(SERVER_ERROR_RETRY_SECONDS, f"discord {error.status}") from error
    except discord.HTTPException as error:
        if error.code == CANNOT_MESSAGE_USER:
            raise RecipientUnreachable("discord user accepts no DMs") from error
        if error.status == 429:
            raise RetryLater(_retry_after(error), "discord rate limit") from error
        raise DeliveryError(f"discord {error.status} ({error.code})") from error
    except (TimeoutError, aiohttp.ClientError, OSError) as error:
        raise RetryLater(SERVER_ERROR_RETRY_SECONDS, "discord unreachable") from error


def error_kind(error: BaseException | None) -> SendErrorKind:
    """The metrics' kind of a failed send, from the error Discord (or the network) raised."""
    if isinstance(error, discord.RateLimited) or getattr(error, "status", None) == 429:
        return "429"
    if isinstance(error, discord.Forbidden):
        return "403"
    if isinstance(error, discord.DiscordServerError):
        return "5xx"
    if isinstance(error, TimeoutError):
        return "timeout"
    return "other"


def _retry_after(error: discord.HTTPException) -> float:
    response = error.response
    header = response.headers.get("Retry-After") if response is not None else None
    try:
        return float(header) if header else SERVER_ERROR_RETRY_SECONDS
    except ValueError:
        return SERVER_ERROR_RETRY_SECONDS
