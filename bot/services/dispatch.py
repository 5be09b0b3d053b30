"""The check-in dispatcher: claims due check-ins in a transaction and hands them to Senders.

Delivery guarantees
    - Every check-in has the unique key (athlete, scheduled moment); rows are inserted
      with ON CONFLICT DO NOTHING and claimed FOR UPDATE SKIP LOCKED (PostgreSQL), so
      two workers never both send one, and a restart never re-sends one.
    - Catch-up: a schedule whose moment passed while we were down is sent once if it is
      younger than the grace window (CHECKIN_GRACE_HOURS), else recorded as missed;
      older occurrences of the same schedule are recorded as missed, never sent.
    - A claim is committed (status "sending" with a lease) before the message goes out.
      A hard kill during the send leaves the claim to expire as "undelivered": at most
      once, never twice. A graceful stop (cancellation) puts unsent claims back.
    - Quiet when already trained: a session logged within LOGGED_WINDOW before the moment
      (or since) records the check-in as "logged" (it counts as done) and sends nothing.
    - No reachable account with a running Sender, or `stop`: nothing is recorded and the
      schedule moves on. RecipientUnreachable marks the account unreachable and, with no
      other way to reach the athlete, pauses the schedule with a notice for next time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from datetime import date, datetime, timedelta

from bot.clock import Clock
from bot.domain.athletes import Account
from bot.domain.calendar import local_day
from bot.domain.checkin_messages import checkin_message
from bot.domain.schedules import (
    Checkin,
    DueSession,
    NewCheckin,
    Schedule,
    Status,
    iter_due,
    next_due,
)
from bot.ports import (
    DeliveryError,
    RecipientUnreachable,
    RetryLater,
    Sender,
    SessionSource,
    UnitOfWork,
    UnitOfWorkFactory,
)
from bot.services.checkins import paused_unreachable
from bot.types import Platform, Reply

log = logging.getLogger(__name__)

LoggedOn = Callable[[int, datetime, datetime], Awaitable[bool]]
Sleep = Callable[[float], Awaitable[None]]
SENT, UNREACHABLE = "sent", "unreachable"
MAX_CATCH_UP = 60  # occurrences recorded per schedule after a long downtime
MAX_WAIT_SECONDS = 30.0  # longer RetryLater answers are re-queued instead of waited out
TRIES = 3  # attempts per message inside one tick
MAX_ATTEMPTS = 5  # ticks with failed attempts before a check-in is given up
BACKOFF_SECONDS = 1.0
LOGGED_WINDOW = timedelta(hours=12)  # a session logged this soon before counts as done


def pick_account(
    accounts: list[Account], senders: Mapping[Platform, Sender], preferred: str | None
) -> Account | None:
    """The account to DM: reachable, with a chat and a running Sender; preferred first."""
    usable = [a for a in accounts if a.reachable and a.dm_chat_id and a.platform in senders]
    chosen = [a for a in usable if a.platform == preferred] or usable
    return chosen[0] if chosen else None


class Dispatcher:
    """Sends due check-ins; `tick()` is what the scheduler calls every few seconds."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        senders: dict[Platform, Sender],
        sessions: SessionSource | None,
        *,
        grace: timedelta,
        batch: int = 1000,
        lease: timedelta = timedelta(minutes=10),
        logged_on: LoggedOn | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._senders = senders  # the runtime's dict, filled after bootstrap: keep the reference
        self._sessions = sessions
        self._grace = grace
        self._batch = batch
        self._lease = lease
        self.logged_on = logged_on
        self._sleep = sleep

    @property
    def senders(self) -> dict[Platform, Sender]:
        """The live platform senders (filled by the runtime)."""
        return self._senders

    async def tick(self) -> int:
        """Claim and deliver everything due now; return how many messages were handed over."""
        async with self._uow() as uow:
            expired = await uow.checkins.expire_leases(self._clock.now())
            await uow.commit()
        if expired:
            log.warning("%d check-ins were claimed by a worker that stopped", expired)
        handed = 0
        while True:
            due, more_due = await self._claim_schedules()
            retry, more_retry = await self._claim_pending()
            handed += await self._deliver(due + retry)
            if not (more_due or more_retry):
                return handed

    async def _claim_schedules(self) -> tuple[list[tuple[Checkin, Account]], bool]:
        now = self._clock.now()
        async with self._uow() as uow:
            schedules = await uow.checkins.lock_due("next_due_at", now, self._batch)
            if not schedules:
                return [], False
            people = await uow.checkins.recipients([s.athlete_id for s in schedules])
            rows: list[NewCheckin] = []
            advances: list[tuple[int, datetime | None]] = []
            targets: dict[int, Account] = {}
            for schedule in schedules:
                advances.append((schedule.athlete_id, next_due(schedule.rule, now)))
                stopped, accounts = people.get(schedule.athlete_id, (True, []))
                account = pick_account(accounts, self._senders, schedule.preferred_platform)
                if stopped or account is None or schedule.next_due_at is None:
                    continue
                targets[schedule.athlete_id] = account
                for row in self._occurrences(schedule, schedule.next_due_at, now):
                    rows.append(await self._prepare(row) if row.status == Status.SENDING else row)
            inserted = await uow.checkins.insert_checkins(rows)
            await uow.checkins.set_due("next_due_at", advances)
            await uow.commit()
        work = [(c, targets[c.athlete_id]) for c in inserted if c.status == Status.SENDING]
        return work, len(schedules) == self._batch

    def _occurrences(self, schedule: Schedule, first: datetime, now: datetime) -> list[NewCheckin]:
        """The passed occurrences: the newest is sent if inside the grace window."""
        moments = [first]
        for moment in iter_due(schedule.rule, first):
            if moment > now:
                break
            moments.append(moment)
        moments = moments[-MAX_CATCH_UP:]
        tz = schedule.rule.timezone
        rows = [
            NewCheckin(schedule.athlete_id, moment, local_day(moment, tz), Status.MISSED)
            for moment in moments[:-1]
        ]
        last = moments[-1]
        fresh = now - last <= self._grace
        status, lease = (Status.SENDING, now + self._lease) if fresh else (Status.MISSED, None)
        rows.append(NewCheckin(schedule.athlete_id, last, local_day(last, tz), status, lease))
        return rows

    async def _claim_pending(self) -> tuple[list[tuple[Checkin, Account]], bool]:
        now = self._clock.now()
        async with self._uow() as uow:
            pending = await uow.checkins.lock_pending(now, self._batch)
            if not pending:
                return [], False
            people = await uow.checkins.recipients({c.athlete_id for c in pending})
            changed: list[Checkin] = []
            work: list[tuple[Checkin, Account]] = []
            for checkin in pending:
                stopped, accounts = people.get(checkin.athlete_id, (True, []))
                schedule = await uow.checkins.get_schedule(checkin.athlete_id)
                preferred = schedule.preferred_platform if schedule else None
                account = pick_account(accounts, self._senders, preferred)
                late = checkin.send_after is None or now - checkin.send_after > self._grace
                if stopped or account is None or late:
                    # Already delivered once (a snooze) stays answerable; never sent: gone.
                    status = Status.SENT if checkin.sent_at else Status.UNDELIVERED
                    changed.append(replace(checkin, status=status, send_after=None))
                    continue
                claimed = replace(checkin, status=Status.SENDING, send_after=now + self._lease)
                if await self._already_logged(checkin.athlete_id, checkin.scheduled_at):
                    changed.append(replace(checkin, status=Status.LOGGED, send_after=None))
                    continue
                if claimed.session is None:
                    session = await self._safe_session(checkin.athlete_id, checkin.local_day)
                    claimed = replace(claimed, session=session)
                changed.append(claimed)
                work.append((claimed, account))
            await uow.checkins.update_checkins(changed)
            await uow.commit()
        return work, len(pending) == self._batch

    async def _prepare(self, row: NewCheckin) -> NewCheckin:
        """Before claiming: quiet if already trained, else attach the program's session."""
        if await self._already_logged(row.athlete_id, row.scheduled_at):
            return replace(row, status=Status.LOGGED, send_after=None)
        if self._sessions is None:
            return row
        return replace(row, session=await self._safe_session(row.athlete_id, row.local_day))

    async def _deliver(self, work: list[tuple[Checkin, Account]]) -> int:
        """Render and send each claimed check-in, then record every result in one go."""
        sent: dict[str, list[int]] = {}
        failed: list[Checkin] = []
        unreachable: list[Account] = []
        try:
            for checkin, account in work:
                result = await self.send(account, checkin_message(checkin, checkin.session))
                if result == SENT:
                    sent.setdefault(account.platform, []).append(checkin.id)
                    continue
                failed.append(self._after(checkin, account, result))
                if result == UNREACHABLE:
                    unreachable.append(account)
        except asyncio.CancelledError:
            done = {item.id for item in failed} | {i for ids in sent.values() for i in ids}
            now = self._clock.now()
            failed += [
                replace(c, status=Status.PENDING, send_after=now)
                for c, _ in work
                if c.id not in done
            ]
            await self._record(sent, failed, unreachable)
            raise
        await self._record(sent, failed, unreachable)
        return sum(len(ids) for ids in sent.values())

    async def _already_logged(self, athlete_id: int, scheduled_at: datetime) -> bool:
        if self.logged_on is None:
            return False
        since = scheduled_at - LOGGED_WINDOW
        return await self.logged_on(athlete_id, since, self._clock.now())

    async def _safe_session(self, athlete_id: int, day: date) -> DueSession | None:
        assert self._sessions is not None
        try:
            return await self._sessions.due_session(athlete_id, day)
        except Exception:
            # A broken program must not stop check-ins: send the generic question instead.
            log.exception("no session for athlete %s", athlete_id)
            return None

    def _after(self, checkin: Checkin, account: Account, result: str | float) -> Checkin:
        now = self._clock.now()
        tried = replace(checkin, platform=account.platform)
        if result == UNREACHABLE:
            # Another account may still work: the next tick decides (or gives up).
            return replace(tried, status=Status.PENDING, send_after=now)
        attempts = checkin.attempts + 1
        if attempts >= MAX_ATTEMPTS:
            return replace(tried, status=Status.UNDELIVERED, send_after=None, attempts=attempts)
        wait = max(float(result), BACKOFF_SECONDS * 2.0**attempts)
        return replace(
            tried,
            status=Status.PENDING,
            send_after=now + timedelta(seconds=wait),
            attempts=attempts,
        )

    async def _record(
        self, sent: dict[str, list[int]], failed: list[Checkin], unreachable: list[Account]
    ) -> None:
        now = self._clock.now()
        async with self._uow() as uow:
            for platform, ids in sent.items():
                await uow.checkins.mark_sent(ids, platform, now)
            await uow.checkins.update_checkins(failed)
            await self.mark_unreachable(uow, unreachable)
            await uow.commit()

    async def mark_unreachable(self, uow: UnitOfWork, accounts: list[Account]) -> None:
        """Flag accounts as unreachable; pause schedules that have no way left to reach."""
        for account in accounts:
            await uow.accounts.update(replace(account, reachable=False))
        for athlete_id in {account.athlete_id for account in accounts}:
            others = await uow.accounts.for_athlete(athlete_id)
            left = [a for a in others if a not in accounts and a.reachable]
            schedule = await uow.checkins.get_schedule(athlete_id)
            if schedule and pick_account(left, self._senders, None) is None:
                await uow.checkins.save_schedule(paused_unreachable(schedule))
                log.info("check-ins of athlete %s paused: unreachable", athlete_id)

    async def send(self, account: Account, reply: Reply) -> str | float:
        """Deliver one DM: "sent", "unreachable", or the seconds to wait before retrying."""
        sender = self._senders[Platform(account.platform)]
        for attempt in range(TRIES):
            try:
                await sender.send_dm(account.external_id, reply)
                return SENT
            except RecipientUnreachable:
                return UNREACHABLE
            except RetryLater as error:
                if error.seconds > MAX_WAIT_SECONDS:
                    return float(error.seconds)
                await self._sleep(error.seconds)
            except (DeliveryError, OSError, TimeoutError) as error:
                log.warning("send to %s failed (%s), attempt %d", account.platform, error, attempt)
                await self._sleep(BACKOFF_SECONDS * 2.0**attempt)
        return BACKOFF_SECONDS * 2.0**TRIES
