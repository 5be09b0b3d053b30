"""Telegram updates in, neutral `Incoming` to the router, replies back out: translation only."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from telegram import CallbackQuery, Chat, ChatMember, Message, Update, User
from telegram.constants import ChatMemberStatus, ChatType, MessageEntityType
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.ports import DeliveryError, RecipientUnreachable
from bot.router import split_command
from bot.types import ChatRef, Incoming, Platform, Reply, UserRef
from handlers.reader import APOLOGY, reader
from handlers.telegram.moderators import ModeratorCache
from handlers.telegram.sender import TelegramSender
from handlers.telegram.wording import CANNOT_DM, SENT_PRIVATELY, phrased

if TYPE_CHECKING:
    from bot.bootstrap import App

log = logging.getLogger(__name__)

MAX_TOAST_CHARS = 200  # Telegram's limit for a callback answer


def user_ref(user: User) -> UserRef:
    """The neutral account reference for a Telegram user."""
    name = user.full_name or (f"@{user.username}" if user.username else str(user.id))
    return UserRef(Platform.TELEGRAM, str(user.id), name)


def chat_ref(chat: Chat) -> ChatRef:
    """The neutral chat reference: a private chat, or a group (the group is its own channel)."""
    if chat.type == ChatType.PRIVATE:
        return ChatRef(Platform.TELEGRAM, str(chat.id), "private", "", str(chat.id))
    return ChatRef(Platform.TELEGRAM, str(chat.id), "group", chat.title or "", str(chat.id))


def _present(member: ChatMember) -> bool:
    """Whether the bot can post in the chat with this membership (restricted: if allowed to)."""
    if member.status == ChatMemberStatus.RESTRICTED:
        return bool(getattr(member, "is_member", False) and getattr(member, "can_send_messages", 0))
    return member.status not in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED)


def _fit_for_group(reply: Reply, replies: list[Reply]) -> bool:
    """Whether a reply to a group command may be posted in the group itself.

    Private replies go by DM, except a refusal (a lone notice: the user may have no DM with
    us yet). Other private notices ride along with an answer and can be personal (why your
    check-ins paused, with your schedule and timezone).
    """
    return not reply.private or (len(replies) == 1 and reply.notice)


class TelegramHandlers:
    """The update handlers of one bot: messages, group commands, button presses, errors."""

    def __init__(self, app: App, sender: TelegramSender, moderators: ModeratorCache) -> None:
        self._app = app
        self._sender = sender
        self._moderators = moderators

    def install(self, application: Application) -> None:  # type: ignore[type-arg]
        """Register every handler on the PTB application."""
        new_message = filters.UpdateType.MESSAGE
        application.add_handler(
            MessageHandler(filters.ChatType.PRIVATE & filters.TEXT & new_message, self.on_private)
        )
        application.add_handler(
            MessageHandler(filters.ChatType.GROUPS & filters.COMMAND & new_message, self.on_group)
        )
        application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, self.on_migrate))
        application.add_handler(
            ChatMemberHandler(self.on_membership, ChatMemberHandler.MY_CHAT_MEMBER)
        )
        application.add_handler(CallbackQueryHandler(self.on_button))
        application.add_error_handler(self.on_error)

    async def on_private(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A private message: a command, or plain text that the router treats as a question."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or message.text is None:
            return
        incoming = Incoming(
            user_ref(user), chat_ref(message.chat), message.text, locale=user.language_code or ""
        )
        await self._answer(message.chat, user, await self._handle(incoming))

    async def on_group(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A command in a group; anything meant for another bot is ignored."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or message.text is None:
            return
        if not self._meant_for_me(message, context.bot.username):
            return
        chat = message.chat
        moderator = await self._moderators.is_moderator(chat.id, user.id)
        incoming = Incoming(
            user_ref(user),
            chat_ref(chat),
            message.text,
            is_moderator=moderator,
            locale=user.language_code or "",
        )
        replies = await self._handle(incoming)
        await self._answer(chat, user, replies, reply_to=message.message_id)

    async def on_migrate(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A group became a supergroup and has a new id (both chats announce it): move it."""
        message = update.effective_message
        if message is None:
            return
        if message.migrate_to_chat_id:
            old, new = message.chat.id, message.migrate_to_chat_id
        elif message.migrate_from_chat_id:
            old, new = message.migrate_from_chat_id, message.chat.id
        else:
            return
        await self._app.services.challenges.group_moved(Platform.TELEGRAM, str(old), str(new))

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A button press: answer the query at once, then edit the message or send replies."""
        query = update.callback_query
        if query is None:
            return
        chat = query.message.chat if query.message is not None else None
        if query.data is None or chat is None:
            await query.answer()
            return
        moderator = chat.type != ChatType.PRIVATE and await self._moderators.is_moderator(
            chat.id, query.from_user.id
        )
        incoming = Incoming(
            user_ref(query.from_user),
            chat_ref(chat),
            action=query.data,
            is_moderator=moderator,
            locale=query.from_user.language_code or "",
        )
        replies = await self._handle(incoming)
        await self._answer(chat, query.from_user, await self._settle(query, replies))

    async def on_membership(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The bot's own membership changed: a user blocked it (private chat status "kicked"),
        or it was removed from / added back to a group."""
        change = update.my_chat_member
        if change is None:
            return
        chat, present = change.chat, _present(change.new_chat_member)
        if chat.type == ChatType.PRIVATE:
            if not present:  # blocked: check-ins pause now; /start after unblocking resumes
                await self._app.services.reach.recipient_blocked(
                    Platform.TELEGRAM, str(change.from_user.id)
                )
            return
        if chat.type in (ChatType.GROUP, ChatType.SUPERGROUP):
            self._moderators.forget(chat.id)
            await self._app.services.challenges.bot_membership(
                Platform.TELEGRAM, str(chat.id), present
            )

    async def _handle(self, incoming: Incoming) -> list[Reply]:
        """The core's replies, refusals worded for Telegram."""
        replies = await self._app.router.handle(incoming)
        return [
            phrased(reply, self._sender.username, self._app.services.catalog) for reply in replies
        ]

    async def _settle(self, query: CallbackQuery, replies: list[Reply]) -> list[Reply]:
        """Answer the query (a toast for a refusal) and apply an edit; return what is left."""
        first = replies[0] if replies else None
        if first is not None and first.notice and len(first.text) <= MAX_TOAST_CHARS:
            # A stale or refused button: a short toast, the message stays as it was.
            await query.answer(first.text)
            return replies[1:]
        await query.answer()
        carrier = query.message if isinstance(query.message, Message) else None
        if first is None or not first.edit or carrier is None:
            return replies
        # A message that cannot be edited (too old, or now with a file) gets a new one instead.
        return replies[1:] if await self._sender.edit(carrier, first) else replies

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log any unexpected failure with its context and tell the user briefly."""
        if not isinstance(update, Update):
            log.warning("telegram polling problem: %s", context.error)
            return
        chat = update.effective_chat
        log.error(
            "telegram update %s in chat %s failed",
            update.update_id,
            chat.id if chat else None,
            exc_info=context.error,
        )
        user = update.effective_user
        locale = user.language_code if user is not None else None
        apology = reader(self._app.services.catalog, None, locale).gettext(APOLOGY)
        try:
            if update.callback_query is not None:
                await update.callback_query.answer(apology)
            elif chat is not None:
                await context.bot.send_message(chat.id, apology)
        except TelegramError as error:
            log.info("could not apologise in chat %s: %s", chat.id if chat else None, error)

    def _meant_for_me(self, message: Message, username: str) -> bool:
        """`/cmd@me` always; bare `/cmd` only when it is one of ours (other bots share groups)."""
        entity = message.entities[0] if message.entities else None
        if entity is None or entity.type != MessageEntityType.BOT_COMMAND or entity.offset != 0:
            return False
        command = message.text[: entity.length] if message.text else ""
        _, _, mention = command.partition("@")
        if mention:
            return mention.lower() == username.lower()
        name, _ = split_command(command, slash_optional=False)
        return name is not None and name in self._app.router.registry.commands

    async def _answer(
        self, chat: Chat, user: User, replies: list[Reply], *, reply_to: int | None = None
    ) -> None:
        """Send replies where they belong; private ones from a group go by DM."""
        in_group = chat.type != ChatType.PRIVATE
        told_group = False
        for reply in replies:
            if not in_group or _fit_for_group(reply, replies):
                await self._send(chat.id, reply, reply_to if in_group else None)
                continue
            tr = reader(self._app.services.catalog, reply, user.language_code)
            try:
                await self._sender.send(user.id, reply)
                note = tr.gettext(SENT_PRIVATELY)
            except RecipientUnreachable:
                note = tr.gettext(CANNOT_DM, bot=self._sender.username)
            if not told_group:
                await self._send(chat.id, Reply(text=note, notice=True), reply_to)
                told_group = True

    async def _send(self, chat_id: int, reply: Reply, reply_to: int | None) -> None:
        try:
            await self._sender.send(chat_id, reply, reply_to=reply_to)
        except DeliveryError as error:
            # The user is talking to us, so this is rare (blocked mid-reply); nothing to retry.
            log.warning("telegram reply to chat %s not delivered: %s", chat_id, error)
