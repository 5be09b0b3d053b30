"""Weekly DMs to athletes with check-ins on: a Sunday-evening summary and the new program.

The program goes out at 07:00 on the athlete's first training day of the week. Both go out
in the athlete's timezone (summary_moment / program_moment in bot/services/checkins.py),
at most once per week: the next moment is stored in the same transaction that claims the
row. One missed by more than LATE (downtime) is skipped rather than sent late.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.domain.calendar import local_day, week_start
from bot.domain.schedules import Rule, Schedule
from bot.jobs import PeriodicJob
from bot.ports import SessionSource, UnitOfWorkFactory
from bot.services.checkins import CheckinService, program_moment, summary_moment
from bot.services.dispatch import SENT, UNREACHABLE, Dispatcher, pick_account
from bot.types import Reply

log = logging.getLogger(__name__)

LATE = timedelta(hours=12)
Compose = Callable[[Schedule, datetime], Awaitable[list[Reply]]]
NextMoment = Callable[[Rule, datetime], datetime]


class WeeklyMessages:
    """The two weekly jobs; each call sends whatever is due now."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        dispatcher: Dispatcher,
        checkins: CheckinService,
        sessions: SessionSource | None,
        batch: int = 200,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._dispatcher = dispatcher
        self._checkins = checkins
        self._sessions = sessions
        self._batch = batch

    async def summaries(self) -> int:
        """Send the weekly summaries that are due; return how many went out."""
        return await self._run("summary_due_at", summary_moment, self._summary)

    async def programs(self) -> int:
        """Send the new week's program on the morning of each athlete's first training day."""
        return await self._run("program_due_at", program_moment, self._program)

    async def _summary(self, schedule: Schedule, due: datetime) -> list[Reply]:
        start = week_start(local_day(due, schedule.rule.timezone))
        summary = await self._checkins.summary(schedule.athlete_id, start)
        return [summary] if summary else []

    async def _program(self, schedule: Schedule, _due: datetime) -> list[Reply]:
        if self._sessions is None:
            return []
        return await self._sessions.weekly_program(schedule.athlete_id)

    async def _run(self, column: str, moment_of: NextMoment, compose: Compose) -> int:
        sent = 0
        while True:
            now = self._clock.now()
            async with self._uow() as uow:
                due = await uow.checkins.lock_due(column, now, self._batch)
                people = await uow.checkins.recipients([s.athlete_id for s in due])
                await uow.checkins.set_due(
                    column, [(s.athlete_id, moment_of(s.rule, now)) for s in due]
                )
                await uow.commit()
            for schedule in due:
                moment = getattr(schedule, column)
                stopped, accounts = people.get(schedule.athlete_id, (True, []))
                senders = self._dispatcher.senders
                account = pick_account(accounts, senders, schedule.preferred_platform)
                if stopped or account is None or moment is None or now - moment > LATE:
                    continue
                try:
                    replies = await compose(schedule, moment)
                except Exception:
                    log.exception("weekly %s for athlete %s failed", column, schedule.athlete_id)
                    continue
                for reply in replies:
                    result = await self._dispatcher.send(account, reply)
                    if result == UNREACHABLE:
                        async with self._uow() as uow:
                            await self._dispatcher.mark_unreachable(uow, [account])
                            await uow.commit()
                        break
                    sent += result == SENT
            if len(due) < self._batch:
                return sent


def checkin_jobs(
    dispatcher: Dispatcher, weekly: WeeklyMessages, tick_seconds: float = 20
) -> list[PeriodicJob]:
    """The feature's periodic jobs: the dispatcher tick and the two weekly messages."""

    async def dispatch() -> None:
        await dispatcher.tick()

    async def summaries() -> None:
        await weekly.summaries()

    async def programs() -> None:
        await weekly.programs()

    return [
        PeriodicJob("checkins.dispatch", tick_seconds, dispatch),
        PeriodicJob("checkins.weekly_summary", 300, summaries),
        PeriodicJob("checkins.weekly_program", 300, programs),
    ]
