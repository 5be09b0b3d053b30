"""Who may moderate a group: the group's administrators, asked of Telegram and cached briefly."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from telegram import Bot
from telegram.error import TelegramError

from bot.clock import Clock

log = logging.getLogger(__name__)

DEFAULT_TTL = timedelta(seconds=60)


class ModeratorCache:
    """Group administrators per chat, refreshed at most once a minute to spare the API."""

    def __init__(self, bot: Bot, clock: Clock, ttl: timedelta = DEFAULT_TTL) -> None:
        self._bot = bot
        self._clock = clock
        self._ttl = ttl
        self._admins: dict[int, tuple[datetime, frozenset[int]]] = {}

    async def is_moderator(self, chat_id: int, user_id: int) -> bool:
        """True when the user is the group's creator or one of its administrators."""
        return user_id in await self._administrators(chat_id)

    def forget(self, chat_id: int) -> None:
        """Drop a chat's cached administrators (e.g. after a membership change)."""
        self._admins.pop(chat_id, None)

    async def _administrators(self, chat_id: int) -> frozenset[int]:
        now = self._clock.now()
        cached = self._admins.get(chat_id)
        if cached is not None and now - cached[0] < self._ttl:
            return cached[1]
        try:
            members = await self._bot.get_chat_administrators(chat_id)
        except TelegramError as error:
            # Not knowing means "not a moderator": a refusal is safer than a wrong grant.
            log.warning("could not read administrators of chat %s: %s", chat_id, error)
            return frozenset()
        admins = frozenset(member.user.id for member in members)
        self._admins[chat_id] = (now, admins)
        return admins
