"""Sending core replies to Telegram chats, with Telegram's failures mapped to the Sender port."""

from __future__ import annotations

import logging
from typing import Any

from telegram import InputFile, Message, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import ExtBot

from bot.ports import DeliveryError, RecipientUnreachable, RetryLater
from bot.ports.metrics import Metrics, SendErrorKind
from bot.types import Attachment, Reply
from handlers.telegram.ratelimit import BULK
from handlers.telegram.render import render_reply

log = logging.getLogger(__name__)

PHOTO_TYPES = ("image/png", "image/jpeg")
GONE_CHAT_HINTS = ("chat not found", "user not found", "peer_id_invalid", "user is deactivated")


def chat_id_of(external_id: str) -> int | str:
    """Telegram chat ids are integers; public channels may also be '@name'."""
    try:
        return int(external_id)
    except ValueError:
        return external_id


def delivery_error(error: TelegramError) -> DeliveryError:
    """Map a Telegram failure to the core's delivery errors."""
    if isinstance(error, Forbidden):
        return RecipientUnreachable(f"telegram: {error.message}")
    if isinstance(error, RetryAfter):
        seconds = error._retry_after.total_seconds()  # the int property is deprecated
        return RetryLater(seconds, "telegram flood control")
    if isinstance(error, BadRequest):  # a subclass of NetworkError, but permanent
        if any(hint in error.message.lower() for hint in GONE_CHAT_HINTS):
            return RecipientUnreachable(f"telegram: {error.message}")
        return DeliveryError(f"telegram rejected the message: {error.message}")
    if isinstance(error, NetworkError):  # includes TimedOut
        return RetryLater(TelegramSender.NETWORK_BACKOFF, f"telegram network: {error.message}")
    return DeliveryError(f"telegram: {error.message}")


def error_kind(error: TelegramError) -> SendErrorKind:
    """The metrics' kind of a failed send (PTB reports 5xx answers as NetworkError)."""
    if isinstance(error, RetryAfter):
        return "429"
    if isinstance(error, Forbidden):
        return "403"
    if isinstance(error, TimedOut):
        return "timeout"
    if isinstance(error, NetworkError) and not isinstance(error, BadRequest):
        return "5xx"
    return "other"


class TelegramSender:
    """Implements `bot.ports.Sender` for Telegram; handlers use it to answer users too.

    What the core starts (`send_dm`, `send_channel`) goes out as bulk: paced behind the
    replies to users that `send` makes. `send_rate` is the bot-wide budget in messages per
    second, for whoever sizes batches of core-initiated sends.
    """

    NETWORK_BACKOFF = 5.0

    def __init__(
        self, bot: ExtBot[Any], send_rate: float = 30.0, metrics: Metrics | None = None
    ) -> None:
        self._bot = bot
        self.send_rate = send_rate
        self._metrics = metrics

    @property
    def username(self) -> str:
        """The bot's @username (known once the application is initialised)."""
        return self._bot.username

    async def send_dm(self, user_external_id: str, reply: Reply) -> None:
        """Send a direct message (a user's private chat id is their user id)."""
        await self.send(chat_id_of(user_external_id), reply, bulk=True)

    async def send_channel(self, channel_id: str, reply: Reply) -> None:
        """Post in a group chat."""
        await self.send(chat_id_of(channel_id), reply, bulk=True)

    async def send(
        self, chat_id: int | str, reply: Reply, *, reply_to: int | None = None, bulk: bool = False
    ) -> list[Message]:
        """Send one reply; raises DeliveryError subclasses instead of Telegram errors."""
        try:
            sent = await self._send_following(chat_id, reply, reply_to, bulk)
        except TelegramError as error:
            if self._metrics is not None:
                self._metrics.send_failed("telegram", error_kind(error))
            raise delivery_error(error) from error
        if self._metrics is not None:
            self._metrics.reply_sent("telegram", bulk=bulk)
        return sent

    async def _send_following(
        self, chat_id: int | str, reply: Reply, reply_to: int | None, bulk: bool
    ) -> list[Message]:
        lane = BULK if bulk else None
        try:
            return await self._deliver(chat_id, reply, reply_to, lane)
        except ChatMigrated as moved:
            # A group upgraded to a supergroup gets a new id; follow it once.
            log.info("telegram chat %s moved to %s", chat_id, moved.new_chat_id)
            return await self._deliver(moved.new_chat_id, reply, None, lane)

    async def edit(self, message: Message, reply: Reply) -> bool:
        """Replace a message's text and buttons with a reply; False when it cannot be edited."""
        rendered = render_reply(reply)
        if reply.attachments or len(rendered.chunks) != 1:
            return False
        try:
            await self._bot.edit_message_text(
                rendered.chunks[0],
                chat_id=message.chat_id,
                message_id=message.message_id,
                parse_mode=ParseMode.HTML,
                reply_markup=rendered.keyboard,
            )
        except BadRequest as error:
            if "not modified" in error.message.lower():
                return True  # the same button pressed twice: the message already says it
            log.info("could not edit telegram message: %s", error.message)
            return False
        return True

    async def _deliver(
        self, chat_id: int | str, reply: Reply, reply_to: int | None, lane: str | None
    ) -> list[Message]:
        rendered = render_reply(reply)
        parameters = (
            ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
        )
        sent: list[Message] = []
        last = len(rendered.chunks) - 1
        for index, chunk in enumerate(rendered.chunks):
            sent.append(
                await self._bot.send_message(
                    chat_id,
                    chunk,
                    parse_mode=ParseMode.HTML,
                    reply_markup=rendered.keyboard if index == last else None,
                    reply_parameters=parameters if index == 0 else None,
                    rate_limit_args=lane,
                )
            )
        for attachment in reply.attachments:
            sent.append(await self._attach(chat_id, attachment, lane))
        return sent

    async def _attach(
        self, chat_id: int | str, attachment: Attachment, lane: str | None
    ) -> Message:
        upload = InputFile(attachment.data, filename=attachment.filename)
        if attachment.mime_type in PHOTO_TYPES:
            return await self._bot.send_photo(chat_id, upload, rate_limit_args=lane)
        return await self._bot.send_document(chat_id, upload, rate_limit_args=lane)
