"""Whether the bot can reach an athlete by direct message, and what changes when it cannot.

The dispatcher finds out on its own when a DM fails (bot/checkins/dispatch.py); this covers
what platforms tell us outright: a user blocked the bot (check-ins pause at once, with the
usual notice for when they next write), and a user who comes back with /start in a private
chat (check-ins paused for that reason resume).
"""

from __future__ import annotations

import logging
from dataclasses import replace

from bot.checkins.schedule_actions import UNREACHABLE, paused_unreachable
from bot.checkins.schedules import Schedule
from bot.checkins.service import CheckinService
from bot.ports import UnitOfWorkFactory
from bot.types import Platform

log = logging.getLogger(__name__)


class ReachService:
    """Reacts to a platform saying an account can or cannot get DMs any more."""

    def __init__(self, uow: UnitOfWorkFactory, checkins: CheckinService) -> None:
        self._uow = uow
        self._checkins = checkins

    async def recipient_blocked(self, platform: Platform, external_id: str) -> bool:
        """The user blocked the bot: DMs to that account stop now; check-ins pause unless
        another linked account can still get them. False when nothing changed."""
        async with self._uow() as uow:
            account = await uow.accounts.find(platform, external_id)
            if account is None or not account.reachable:
                return False
            await uow.accounts.update(replace(account, reachable=False))
            others = await uow.accounts.for_athlete(account.athlete_id)
            left = [a for a in others if a != account and a.reachable and a.dm_chat_id]
            schedule = await uow.checkins.get_schedule(account.athlete_id)
            if schedule is not None and schedule.active and not left:
                await uow.checkins.save_schedule(paused_unreachable(schedule))
                log.info("check-ins of athlete %s paused: blocked", account.athlete_id)
            await uow.commit()
        return True

    async def welcome_back(self, athlete_id: int, platform: Platform) -> Schedule | None:
        """After /start in a private chat: check-ins paused because DMs failed are back on.

        Returns the resumed schedule, or None when there was none to resume.
        """
        schedule = await self._checkins.schedule(athlete_id)
        if schedule is None or schedule.active or schedule.paused_reason != UNREACHABLE:
            return None
        return await self._checkins.resume(athlete_id, platform)
