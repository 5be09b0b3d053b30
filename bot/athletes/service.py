"""Who is talking: athletes, their accounts, their profile and DM preferences."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace

from bot.athletes.rules import Account, TrainingProfile
from bot.checkins.schedules import Rule
from bot.i18n import Language
from bot.ports import UnitOfWork, UnitOfWorkFactory
from bot.types import ChatRef, UserRef

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SenderState:
    """Who sent a message, read once per message: the athlete and what is still to tell them."""

    athlete_id: int
    disclaimer_seen: bool
    notice_pending: bool  # why check-ins stopped is still to be shown
    language: Language = Language.EN


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
        return (await self.load_sender(user, chat)).athlete_id

    async def load_sender(
        self, user: UserRef, chat: ChatRef | None = None, locale: str = ""
    ) -> SenderState:
        """`identify`, plus the flags the router needs: one read, a write only when changed.

        The platform's `locale` sets the athlete's language when it is not known yet (first
        contact); after that only `profile language` changes it. An unknown or unsupported
        locale reads as English but is not stored, so a later message can still set it.
        """
        async with self._uow() as uow:
            sender, wrote = await self._sender_in(uow, user, chat, locale, alone=True)
            if wrote:
                await uow.commit()
        return sender

    async def sender_in(
        self, uow: UnitOfWork, user: UserRef, chat: ChatRef | None = None, locale: str = ""
    ) -> tuple[SenderState, bool]:
        """`load_sender` inside a unit of work the caller commits: the sender, and whether
        anything was written (a new athlete, a refreshed account or flags)."""
        return await self._sender_in(uow, user, chat, locale, alone=False)

    async def _sender_in(
        self, uow: UnitOfWork, user: UserRef, chat: ChatRef | None, locale: str, *, alone: bool
    ) -> tuple[SenderState, bool]:
        private = chat is not None and not chat.is_group
        dm_chat = chat.external_id if chat is not None and private else (user.dm_chat or None)
        found = await uow.sender_context.read(user.platform, user.external_id, alone=alone)
        if found is None:
            language = Language.parse(locale)
            athlete = await uow.athletes.add(language.value if Language.spoken(locale) else None)
            account = Account(
                platform=user.platform,
                external_id=user.external_id,
                athlete_id=athlete.id,
                display_name=user.display_name,
                dm_chat_id=dm_chat,
            )
            await uow.accounts.add(account)
            log.info("new athlete %s from %s", athlete.id, user.platform)
            return SenderState(athlete.id, False, False, language), True
        account = found.account
        changed = _refreshed(account, user, dm_chat)
        learned = None if found.language else Language.spoken(locale)
        language = Language.parse(found.language) if learned is None else learned
        if found.dms_stopped or learned is not None:
            await uow.athletes.set_flags(
                account.athlete_id,
                dms_stopped=False if found.dms_stopped else None,
                language=None if learned is None else learned.value,
            )
        if changed != account:
            await uow.accounts.update(changed)
        sender = SenderState(
            account.athlete_id, found.disclaimer_seen, found.notice_pending, language
        )
        return sender, changed != account or found.dms_stopped or learned is not None

    async def set_language(self, athlete_id: int, language: Language) -> None:
        """Speak `language` to the athlete from now on, on every linked platform."""
        async with self._uow() as uow:
            await uow.athletes.set_flags(athlete_id, language=language.value)
            await uow.commit()

    async def settle_notices(
        self, athlete_id: int, *, disclaimer: bool, notice: bool
    ) -> tuple[bool, Rule | None]:
        """Mark the disclaimer seen and take the pending notice, in one unit of work.

        Returns (whether the disclaimer was still unseen, the paused schedule if its notice
        was still pending):
        both are read again here, so two messages at once show each only once.
        """
        async with self._uow() as uow:
            athlete = await uow.athletes.get(athlete_id) if disclaimer else None
            first = athlete is not None and not athlete.disclaimer_seen
            if first:
                await uow.athletes.set_flags(athlete_id, disclaimer_seen=True)
            schedule = await uow.checkins.get_schedule(athlete_id) if notice else None
            pending = schedule is not None and schedule.notice_pending
            if schedule is not None and pending:
                await uow.checkins.save_schedule(replace(schedule, notice_pending=False))
            if first or pending:
                await uow.commit()
        return first, schedule.rule if schedule is not None and pending else None

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
        return await self.update_profile_fields(athlete_id, {field: value})

    async def update_profile_fields(
        self, athlete_id: int, changes: Mapping[str, str]
    ) -> TrainingProfile:
        """Set several fields at once: all of them, or (BadInput on any) none."""
        async with self._uow() as uow:
            updated = await uow.profiles.get(athlete_id) or TrainingProfile()
            for field, value in changes.items():
                updated = updated.with_field(field, value)
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
