"""Who is talking: athletes, their accounts, their profile and DM preferences."""

from __future__ import annotations

import logging
from dataclasses import replace

from bot.domain.athletes import Account, TrainingProfile
from bot.ports import UnitOfWorkFactory
from bot.types import ChatRef, UserRef

log = logging.getLogger(__name__)


class AthleteService:
    """Finds or creates the athlete behind a platform account and keeps their profile."""

    def __init__(self, uow: UnitOfWorkFactory, default_timezone: str) -> None:
        self._uow = uow
        self._default_timezone = default_timezone

    async def identify(self, user: UserRef, chat: ChatRef | None = None) -> int:
        """Return the athlete id for this account, creating both on first contact.

        Writing to the bot again also lifts `stop`. A private message, or one from a platform
        where the bot may open the DM itself (`UserRef.dm_chat`), records the DM chat and marks
        the account reachable: the chat works (or, opened by the bot, is worth trying again).
        A group message on a platform where the user must write first proves nothing.
        """
        private = chat is not None and not chat.is_group
        dm_chat = chat.external_id if chat is not None and private else (user.dm_chat or None)
        async with self._uow() as uow:
            account = await uow.accounts.find(user.platform, user.external_id)
            if account is None:
                athlete = await uow.athletes.add()
                account = Account(
                    platform=user.platform,
                    external_id=user.external_id,
                    athlete_id=athlete.id,
                    display_name=user.display_name,
                    dm_chat_id=dm_chat,
                )
                await uow.accounts.add(account)
                await uow.commit()
                log.info("new athlete %s from %s", athlete.id, user.platform)
                return athlete.id
            changed = _refreshed(account, user, dm_chat)
            stored = await uow.athletes.get(account.athlete_id)
            was_stopped = stored is not None and stored.dms_stopped
            if was_stopped:
                await uow.athletes.set_flags(account.athlete_id, dms_stopped=False)
            if changed != account or was_stopped:
                await uow.accounts.update(changed)
                await uow.commit()
            return account.athlete_id

    async def profile(self, athlete_id: int) -> TrainingProfile:
        """The athlete's profile (empty if never set), with the default timezone filled in."""
        async with self._uow() as uow:
            stored = await uow.profiles.get(athlete_id)
        return self._with_default_timezone(stored or TrainingProfile())

    def _with_default_timezone(self, profile: TrainingProfile) -> TrainingProfile:
        if profile.timezone is None:
            return replace(profile, timezone=self._default_timezone)
        return profile

    async def update_profile(self, athlete_id: int, field: str, value: str) -> TrainingProfile:
        """Set one profile field from user text; BadInput leaves the profile unchanged."""
        async with self._uow() as uow:
            current = await uow.profiles.get(athlete_id) or TrainingProfile()
            updated = current.with_field(field, value)
            await uow.profiles.save(athlete_id, updated)
            await uow.commit()
        return self._with_default_timezone(updated)

    async def set_dms_stopped(self, athlete_id: int, stopped: bool) -> None:
        """Turn all bot-initiated DMs off (`stop`) or back on."""
        async with self._uow() as uow:
            await uow.athletes.set_flags(athlete_id, dms_stopped=stopped)
            await uow.commit()

    async def dms_stopped(self, athlete_id: int) -> bool:
        """True when the athlete asked for no DMs."""
        async with self._uow() as uow:
            athlete = await uow.athletes.get(athlete_id)
        return bool(athlete and athlete.dms_stopped)

    async def first_disclaimer(self, athlete_id: int) -> bool:
        """True exactly once per athlete: the first time we should show the disclaimer."""
        async with self._uow() as uow:
            athlete = await uow.athletes.get(athlete_id)
            if athlete is None or athlete.disclaimer_seen:
                return False
            await uow.athletes.set_flags(athlete_id, disclaimer_seen=True)
            await uow.commit()
        return True


def _refreshed(account: Account, user: UserRef, dm_chat: str | None) -> Account:
    return replace(
        account,
        display_name=user.display_name or account.display_name,
        dm_chat_id=dm_chat or account.dm_chat_id,
        reachable=True if dm_chat else account.reachable,
    )
