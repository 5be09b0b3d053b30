"""Weekly DMs to athletes with check-ins on: a Sunday-evening summary and the new program.

The program goes out at 07:00 on the athlete's first training day of the week. Both go out
in the athlete's timezone (summary_moment / program_moment in bot/checkins/schedule_actions.py),
once per week. One missed by more than LATE (downtime) is skipped rather than sent late.

Claims are leased like check-ins: a batch (the dispatcher's send budget) gets a short lease
as its due moment, held by the process's holder id (the one its check-in claims carry); each
athlete's next moment is stored right after their send returns. A process killed mid-batch
leaves the rest due again: at once, at the next pass, when its liveness lock is gone (kill -9
included), else when the lease ends. Nothing is lost, at most the message in flight goes out
twice; a live holder's leases (a leader finishing its batch after a graceful stop included)
are never handed back, so nothing goes out twice while it may still send.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.athletes.rules import Account
from bot.calendar import local_day, week_start
from bot.checkins.dispatch import SENT, UNREACHABLE, Dispatcher, pick_account
from bot.checkins.schedule_actions import program_moment, summary_moment
from bot.checkins.schedules import Rule, Schedule
from bot.checkins.service import CheckinService
from bot.clock import Clock
from bot.i18n import Translator
from bot.jobs import PeriodicJob
from bot.ports import SessionSource, UnitOfWorkFactory
from bot.types import Reply

log = logging.getLogger(__name__)

DISPATCH_JOB = "checkins.dispatch"
LATE = timedelta(hours=12)
WEEKLY_LEASE = timedelta(minutes=2)  # renewed after every send of the batch
Compose = Callable[[Schedule, datetime, Translator], Awaitable[list[Reply]]]
NextMoment = Callable[[Rule, datetime], datetime]
Claimed = tuple[Schedule, Account, datetime]


class WeeklyMessages:
    """The two weekly jobs; each call sends whatever is due now."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        dispatcher: Dispatcher,
        checkins: CheckinService,
        sessions: SessionSource | None,
        batch: int | None = None,
        lease: timedelta = WEEKLY_LEASE,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._dispatcher = dispatcher
        self._checkins = checkins
        self._sessions = sessions
        self._batch = batch or dispatcher.batch
        self._lease = lease

    async def summaries(self) -> int:
        """Send the weekly summaries that are due; return how many went out."""
        return await self._run("summary_due_at", summary_moment, self._summary)

    async def programs(self) -> int:
        """Send the new week's program on the morning of each athlete's first training day."""
        return await self._run("program_due_at", program_moment, self._program)

    async def next_summary(self) -> datetime | None:
        """When the next weekly summary (or a lease of one) is due."""
        return await self._earliest("summary_due_at")

    async def next_program(self) -> datetime | None:
        """When the next weekly program (or a lease of one) is due."""
        return await self._earliest("program_due_at")

    async def _earliest(self, column: str) -> datetime | None:
        async with self._uow() as uow:
            return await uow.checkins.earliest_due(column)

    async def _summary(self, schedule: Schedule, due: datetime, tr: Translator) -> list[Reply]:
        start = week_start(local_day(due, schedule.rule.timezone))
        summary = await self._checkins.summary(schedule.athlete_id, start, tr)
        return [summary] if summary else []

    async def _program(self, schedule: Schedule, _due: datetime, tr: Translator) -> list[Reply]:
        if self._sessions is None:
            return []
        return await self._sessions.weekly_program(schedule.athlete_id, tr)

    async def _run(self, column: str, moment_of: NextMoment, compose: Compose) -> int:
        await self._release_dead(column)
        sent = 0
        holder = self._dispatcher.holder
        while True:
            claimed, held, more = await self._claim(column, moment_of)
            for index, (schedule, account, moment) in enumerate(claimed):
                sent += await self._send(schedule, account, compose, moment)
                # Recorded right after the send: the next moment for this one, a fresh
                # lease for the rest of the batch (unless their owner changed them since).
                now = self._clock.now()
                renewed = now + self._lease
                done = [(schedule.athlete_id, held, moment_of(schedule.rule, now))]
                rest = [(s.athlete_id, held, renewed) for s, _, _ in claimed[index + 1 :]]
                async with self._uow() as uow:
                    await uow.checkins.move_due(column, done)
                    await uow.checkins.move_due(column, rest, holder)
                    await uow.commit()
                held = renewed
            if not more:
                return sent

    async def _release_dead(self, column: str) -> None:
        """Make the leases of holders whose process died due now, not when the lease ends."""
        async with self._uow() as uow:
            dead = await self._dispatcher.dead_holders(await uow.checkins.lease_holders(column))
            released = await uow.checkins.release_leases(column, dead, self._clock.now())
            await uow.commit()
        if released:
            log.warning("made %d weekly messages of a stopped dispatcher due again", released)

    async def _claim(
        self, column: str, moment_of: NextMoment
    ) -> tuple[list[Claimed], datetime, bool]:
        """Lock a batch of due rows and lease the sendable ones: their due moment becomes the
        lease end (returned), so a process killed mid-batch leaves them due again, not lost."""
        now = self._clock.now()
        held = now + self._lease
        async with self._uow() as uow:
            due = await uow.checkins.lock_due(column, now, self._batch)
            people = await uow.accounts.recipients([s.athlete_id for s in due])
            claimed: list[Claimed] = []
            moves: list[tuple[int, datetime | None]] = []
            leased: list[tuple[int, datetime | None]] = []
            for schedule in due:
                moment = getattr(schedule, column)
                stopped, accounts = people.get(schedule.athlete_id, (True, []))
                senders = self._dispatcher.senders
                account = pick_account(accounts, senders, schedule.preferred_platform)
                if stopped or account is None or moment is None or now - moment > LATE:
                    moves.append((schedule.athlete_id, moment_of(schedule.rule, now)))
                    continue
                leased.append((schedule.athlete_id, held))
                claimed.append((schedule, account, moment))
            await uow.checkins.set_due(column, moves)
            await uow.checkins.set_due(column, leased, self._dispatcher.holder)
            await uow.commit()
        return claimed, held, len(due) == self._batch

    async def _send(
        self, schedule: Schedule, account: Account, compose: Compose, moment: datetime
    ) -> int:
        """Compose and send one athlete's weekly message(s); return how many went out."""
        try:
            replies = await compose(schedule, moment, self._dispatcher.translator(account))
        except Exception:
            log.exception("weekly message for athlete %s failed", schedule.athlete_id)
            return 0
        sent = 0
        for reply in replies:
            result = await self._dispatcher.send(account, reply)
            if result == UNREACHABLE:
                async with self._uow() as uow:
                    await self._dispatcher.mark_unreachable(uow, [account])
                    await uow.commit()
                break
            sent += result == SENT
        return sent


def checkin_jobs(
    dispatcher: Dispatcher, weekly: WeeklyMessages, safety_seconds: float = 60
) -> list[PeriodicJob]:
    """The feature's jobs: the dispatcher and the two weekly messages.

    Each runs at its next due moment (the scheduler arms it from `next_due`, and the check-in
    service reports new schedules and snoozes); the interval is only a safety net.
    """

    async def dispatch() -> None:
        await dispatcher.tick()

    async def summaries() -> None:
        await weekly.summaries()

    async def programs() -> None:
        await weekly.programs()

    return [
        PeriodicJob(DISPATCH_JOB, safety_seconds, dispatch, dispatcher.next_due),
        PeriodicJob("checkins.weekly_summary", 300, summaries, weekly.next_summary),
        PeriodicJob("checkins.weekly_program", 300, programs, weekly.next_program),
    ]
