"""Check-in schedules: turning them on, off and back on, and their weekly moments."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time

from bot.athletes.rules import parse_timezone
from bot.checkins.schedules import Rule, Schedule, next_due, parse_clock, parse_days, weekly_moment
from bot.clock import Clock
from bot.errors import BadInput
from bot.marks import N_
from bot.ports import UnitOfWorkFactory, Wakeup
from bot.types import Platform

SUMMARY_AT = (6, time(19, 0))  # Sunday evening, local
PROGRAM_TIME = time(7, 0)  # morning of the athlete's first training day of the week, local
UNREACHABLE = "unreachable"  # the paused reason when DMs could not be delivered


def summary_moment(rule: Rule, now: datetime) -> datetime:
    """The next weekly-summary moment: Sunday evening in the athlete's timezone."""
    return weekly_moment(*SUMMARY_AT, rule.timezone, now)


def program_moment(rule: Rule, now: datetime) -> datetime:
    """The next program issue: 07:00 local on the first weekday the athlete trains."""
    return weekly_moment(min(rule.days), PROGRAM_TIME, rule.timezone, now)


def with_weekly_moments(schedule: Schedule, now: datetime) -> Schedule:
    """The schedule with its next summary and program moments computed from `now`."""
    return replace(
        schedule,
        summary_due_at=summary_moment(schedule.rule, now),
        program_due_at=program_moment(schedule.rule, now),
    )


def report_due(wakeup: Wakeup | None, moment: datetime | None) -> None:
    """Tell the dispatcher about a new due moment, so it wakes then (not at its slow tick)."""
    if wakeup is not None and moment is not None:
        wakeup.due_at(moment)


class ScheduleActions:
    """Reads, sets, pauses and resumes an athlete's check-in schedule."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, wakeup: Wakeup | None = None) -> None:
        self._uow = uow
        self._clock = clock
        self._wakeup = wakeup

    async def schedule(self, athlete_id: int) -> Schedule | None:
        """The athlete's schedule, active or paused, or None."""
        async with self._uow() as uow:
            return await uow.checkins.get_schedule(athlete_id)

    async def turn_on(
        self,
        athlete_id: int,
        days: str,
        at: str,
        timezone: str | None,
        platform: str | None = None,
    ) -> Schedule:
        """Validate and store a schedule; BadInput changes nothing."""
        rule = Rule(parse_days(days), parse_clock(at), parse_timezone(timezone or ""))
        return await self._activate(athlete_id, rule, platform)

    async def resume(self, athlete_id: int, platform: str | None = None) -> Schedule:
        """Switch the stored schedule back on."""
        current = await self.schedule(athlete_id)
        if current is None:
            raise BadInput(N_("Set a schedule first: /checkins on mon,wed,fri 18:00 [timezone]."))
        return await self._activate(athlete_id, current.rule, platform)

    async def _activate(self, athlete_id: int, rule: Rule, platform: str | None) -> Schedule:
        now = self._clock.now()
        async with self._uow() as uow:
            current = await uow.checkins.get_schedule(athlete_id)
            preferred = current.preferred_platform if current else None
            if platform is not None and platform != Platform.CONSOLE:
                preferred = platform
            schedule = Schedule(
                athlete_id=athlete_id,
                rule=rule,
                preferred_platform=preferred,
                next_due_at=next_due(rule, now),
            )
            schedule = with_weekly_moments(schedule, now)
            await uow.checkins.save_schedule(schedule)
            await uow.commit()
        report_due(self._wakeup, schedule.next_due_at)
        return schedule

    async def follow_timezone(self, athlete_id: int, timezone: str) -> None:
        """Keep check-ins at the same local time after the athlete moves timezone."""
        current = await self.schedule(athlete_id)
        if current is None or current.rule.timezone == timezone:
            return
        rule = replace(current.rule, timezone=timezone)
        if current.active:
            await self._activate(athlete_id, rule, None)
            return
        async with self._uow() as uow:  # paused: remember the zone for when they resume
            await uow.checkins.save_schedule(replace(current, rule=rule))
            await uow.commit()

    async def turn_off(self, athlete_id: int) -> bool:
        """Pause check-ins; False when they were not on."""
        async with self._uow() as uow:
            current = await uow.checkins.get_schedule(athlete_id)
            if current is None or not current.active:
                return False
            await uow.checkins.save_schedule(_paused(current, "off"))
            await uow.commit()
        return True

    async def take_notice(self, athlete_id: int) -> Rule | None:
        """Once after delivery failed: the paused schedule, for the notice of why check-ins
        stopped and how to restart them (worded in the reader's language where shown)."""
        async with self._uow() as uow:
            current = await uow.checkins.get_schedule(athlete_id)
            if current is None or not current.notice_pending:
                return None
            await uow.checkins.save_schedule(replace(current, notice_pending=False))
            await uow.commit()
        return current.rule


def _paused(schedule: Schedule, reason: str, *, notice: bool = False) -> Schedule:
    """The schedule switched off, keeping its rule for `checkins on` to resume."""
    return replace(
        schedule,
        active=False,
        paused_reason=reason,
        notice_pending=notice,
        next_due_at=None,
        summary_due_at=None,
        program_due_at=None,
    )


def paused_unreachable(schedule: Schedule) -> Schedule:
    """Paused because no platform could deliver; tell them when they next write."""
    return _paused(schedule, UNREACHABLE, notice=True)
