"""Linking platform accounts into one athlete: one-time codes, merge, unlink.

A code is 6 characters from an unambiguous alphabet drawn with `secrets`, stored only as a
hash, valid 10 minutes from the injected clock and usable once (claimed by a conditional
UPDATE, so two simultaneous uses cannot both win). Wrong codes are counted per athlete: 5
in an hour and further tries wait. Merging follows bot/accounts/rules.py: the older
athlete is kept and wins conflicts, all other rows (histories) are moved.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.accounts.rules import hash_code, new_code, normalize_code, older_first
from bot.athletes.rules import Account
from bot.checkins.schedules import Schedule
from bot.clock import Clock
from bot.errors import BadInput, NotFound, RateLimited
from bot.events import AthletesMerged
from bot.marks import N_
from bot.ports import UnitOfWork, UnitOfWorkFactory
from bot.types import Platform

log = logging.getLogger(__name__)

# Where the athlete's check-ins go: a platform, "" for any reachable linked account, or
# "off". Supplied by the check-in feature (see `checkins_target`).
CheckinPlatform = Callable[[int], Awaitable[str]]

CODE_TTL = timedelta(minutes=10)
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(hours=1)
PLATFORM_NAMES = {"console": "Console", "discord": "Discord", "telegram": "Telegram"}


def platform_name(platform: str) -> str:
    """A platform id as users read it."""
    return PLATFORM_NAMES.get(platform, platform.capitalize())


@dataclass(frozen=True, slots=True)
class IssuedCode:
    """A fresh code to show the user once."""

    code: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class LinkStatus:
    """What is linked now and where check-ins go."""

    athlete_id: int
    accounts: tuple[Account, ...]
    checkins: str | None  # see CheckinPlatform; None when check-ins aren't wired in


class AccountService:
    """Issues and redeems link codes, merges athletes, unlinks accounts."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        *,
        checkin_platform: CheckinPlatform | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._checkin_platform = checkin_platform

    def use_checkin_platform(self, source: CheckinPlatform) -> None:
        """Let `link` tell the athlete where their check-ins go."""
        self._checkin_platform = source

    async def issue_code(self, athlete_id: int, platform: str) -> IssuedCode:
        """A new single-use code for this athlete; older unused codes stop working."""
        now = self._clock.now()
        expires_at = now + CODE_TTL
        async with self._uow() as uow:
            await uow.link_codes.purge(now - FAILURE_WINDOW)
            while True:  # a clash with a live code is ~1 in 10^8; just draw again
                code = new_code()
                if await uow.link_codes.replace(
                    athlete_id, hash_code(code), platform, now, expires_at
                ):
                    break
            await uow.commit()
        return IssuedCode(code, expires_at)

    async def status(self, athlete_id: int) -> LinkStatus:
        """The athlete's linked accounts and their check-in platform."""
        async with self._uow() as uow:
            accounts = await uow.accounts.for_athlete(athlete_id)
        target = await self._checkin_platform(athlete_id) if self._checkin_platform else None
        return LinkStatus(athlete_id, tuple(accounts), target)

    async def redeem(self, athlete_id: int, platform: str, text: str) -> LinkStatus:
        """Join the athlete who issued the code with this one; returns the kept athlete."""
        code_hash = hash_code(normalize_code(text))
        now = self._clock.now()
        async with self._uow() as uow:
            await self._check_guesses(uow, athlete_id, now)
            code = await uow.link_codes.find(code_hash)
            if code is None or code.used_at is not None:
                await uow.link_codes.record_failure(athlete_id, now)
                await uow.commit()
                if code is not None:
                    raise BadInput(N_("That code was already used. Send /link for a new one."))
                raise BadInput(
                    N_(
                        "That code is not right. Check it, or send /link on your other platform "
                        "for a new one."
                    )
                )
            if code.expires_at <= now:
                raise BadInput(
                    N_(
                        "That code has expired (codes last 10 minutes). Send /link on your other "
                        "platform for a new one."
                    )
                )
            if code.athlete_id == athlete_id:
                raise BadInput(N_("These accounts are already linked: they are one athlete."))
            await self._check_platforms(uow, code.athlete_id, athlete_id)
            if not await uow.link_codes.claim(code_hash, now):
                raise BadInput(N_("That code was already used. Send /link for a new one."))
            keep_id = await self._merge(uow, code.athlete_id, athlete_id)
            await uow.commit()
        log.info("linked athletes: kept %s", keep_id)
        return await self.status(keep_id)

    async def unlink(self, athlete_id: int, platform_text: str) -> LinkStatus:
        """Split one platform's account off into a new, empty athlete."""
        platform = platform_text.strip().lower()
        if platform not in {item.value for item in Platform}:
            choices = ", ".join(item.value for item in Platform)
            raise BadInput(
                N_("Use /link remove <platform>, where platform is one of: {choices}."),
                choices=choices,
            )
        async with self._uow() as uow:
            accounts = await uow.accounts.for_athlete(athlete_id)
            leaving = [account for account in accounts if account.platform == platform]
            if not leaving:
                raise NotFound(
                    N_("No {platform} account is linked."), platform=platform_name(platform)
                )
            if len(leaving) == len(accounts):
                raise BadInput(N_("That is your only account, so there is nothing to unlink."))
            for account in leaving:
                fresh = await uow.athletes.add()
                await uow.accounts.update(replace(account, athlete_id=fresh.id))
            await uow.commit()
        return await self.status(athlete_id)

    async def _check_guesses(self, uow: UnitOfWork, athlete_id: int, now: datetime) -> None:
        count, first = await uow.link_codes.failures_since(athlete_id, now - FAILURE_WINDOW)
        if count >= MAX_FAILURES and first is not None:
            minutes = max(1, math.ceil((first + FAILURE_WINDOW - now).total_seconds() / 60))
            wait = N_("Too many wrong codes. Please wait {minutes} minutes before trying again.")
            raise RateLimited(wait, minutes=minutes)

    async def _check_platforms(self, uow: UnitOfWork, first: int, second: int) -> None:
        """One account per platform per athlete, so `link remove <platform>` is unambiguous."""
        mine = {account.platform for account in await uow.accounts.for_athlete(first)}
        theirs = {account.platform for account in await uow.accounts.for_athlete(second)}
        shared = sorted(mine & theirs)
        if shared:
            name = platform_name(shared[0])
            both = N_(
                "Both sides already have a {platform} account, and an athlete has one account "
                "per platform. Remove one first with /link remove {code}."
            )
            raise BadInput(both, platform=name, code=shared[0])

    async def _merge(self, uow: UnitOfWork, first: int, second: int) -> int:
        one, two = await uow.athletes.get(first), await uow.athletes.get(second)
        if one is None or two is None:
            raise NotFound(N_("That account no longer exists. Send /link for a new code."))
        keep, drop = older_first(one, two)
        await uow.athlete_data.merge(keep.id, drop.id)
        await uow.events.publish(AthletesMerged(keep.id, drop.id))  # features recompute
        return keep.id


def checkins_target(schedule_of: Callable[[int], Awaitable[Schedule | None]]) -> CheckinPlatform:
    """Adapt the check-in service's `schedule(athlete_id)` into a CheckinPlatform."""

    async def target(athlete_id: int) -> str:
        schedule = await schedule_of(athlete_id)
        if schedule is None or not schedule.active:
            return "off"
        return schedule.preferred_platform or ""

    return target
