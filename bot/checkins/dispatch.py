"""The check-in dispatcher: claims a send budget's worth of due check-ins, hands them over.

Delivery guarantees
    - Every check-in has the unique key (athlete, scheduled moment); rows are inserted
      with ON CONFLICT DO NOTHING and claimed FOR UPDATE SKIP LOCKED (PostgreSQL), so
      two workers never both claim one.
    - Small claims: a pass claims at most `batch` check-ins at a time (the send budget's
      rate x a couple of seconds), hands them to the Senders a few in parallel and records
      each result as it comes in; only then does it claim the next batch.
    - A claim is committed (status "sending", a short lease, this process's holder id)
      before the message goes out; a running batch renews its lease. When the process
      dies (even kill -9) its claims are put back as pending by the next pass of any
      dispatcher, at once when its holder is known dead, else when the lease ends. So
      nothing is lost, and at most the in-flight window (sends that returned but were not
      recorded yet) goes out twice. A graceful stop puts unsent claims back itself.
    - Catch-up: a schedule whose moment passed while we were down is sent once if it is
      younger than the grace window (CHECKIN_GRACE_HOURS), else recorded as missed;
      older occurrences of the same schedule are recorded as missed, never sent.
    - Quiet when already trained: a session logged within LOGGED_WINDOW before the moment
      (or since) records the check-in as "logged" (it counts as done) and sends nothing.
    - No reachable account with a running Sender, or `stop`: nothing is recorded and the
      schedule moves on. RecipientUnreachable marks the account unreachable and, with no
      other way to reach the athlete, pauses the schedule with a notice for next time.
    - `next_due()` says when the next pass has work, so the scheduler wakes it then.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Collection
from dataclasses import replace
from datetime import date, datetime, timedelta

from bot.athletes.rules import Account
from bot.checkins.catch_up import passed_occurrences
from bot.checkins.delivery import (
    MAX_ATTEMPTS,
    SENT,
    UNREACHABLE,
    Courier,
    Recorder,
    Sleep,
    Work,
    pick_account,
    send_batch,
)
from bot.checkins.schedules import (
    Checkin,
    DueSession,
    NewCheckin,
    Status,
    next_due,
)
from bot.clock import Clock
from bot.i18n import Catalog, Translator
from bot.ports import Holders, Sender, SessionSource, UnitOfWork, UnitOfWorkFactory
from bot.types import Platform, Reply

log = logging.getLogger(__name__)

LoggedOn = Callable[[int, datetime, datetime], Awaitable[bool]]
LOGGED_WINDOW = timedelta(hours=12)  # a session logged this soon before counts as done
SEND_RATE = 30.0  # messages per second the Senders deliver (Telegram's bot-wide limit)
BATCH_SECONDS = 2.0  # a claim holds what the send rate delivers in this long
LEASE = timedelta(seconds=45)
PARALLEL = 16  # sends in flight at once; the Senders' own rate limits pace them

__all__ = ["MAX_ATTEMPTS", "SENT", "UNREACHABLE", "Dispatcher", "LoggedOn", "pick_account"]


class Dispatcher:
    """Sends due check-ins; `tick()` is one pass, run by the scheduler when work is due."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        senders: dict[Platform, Sender],
        sessions: SessionSource | None,
        *,
        grace: timedelta,
        holders: Holders,
        rate: float = SEND_RATE,
        batch_seconds: float = BATCH_SECONDS,
        batch: int | None = None,
        lease: timedelta = LEASE,
        parallel: int = PARALLEL,
        logged_on: LoggedOn | None = None,
        sleep: Sleep = asyncio.sleep,
        pause: Sleep = asyncio.sleep,
        leading: Callable[[], bool] | None = None,
        catalog: Catalog | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._courier = Courier(senders, sleep, catalog)
        self._sessions = sessions
        self._grace = grace
        self._holders = holders
        self._batch = batch or max(1, round(rate * batch_seconds))
        self._lease = lease
        self._parallel = max(1, parallel)
        self.logged_on = logged_on
        self._pause = pause  # real time between lease renewals (never the injected `sleep`)
        # A process that lost the election stops claiming after the batch it is sending.
        self._leading = leading or (lambda: True)

    @property
    def senders(self) -> dict[Platform, Sender]:
        """The live platform senders (filled by the runtime)."""
        return self._courier.senders

    @property
    def batch(self) -> int:
        """How many check-ins one claim takes at most."""
        return self._batch

    @property
    def holder(self) -> int:
        """This process's holder id: every claim and weekly lease it takes carries it."""
        return self._holders.holder

    async def dead_holders(self, holders: Collection[int | None]) -> set[int]:
        """The other holders among these whose process is gone (its liveness lock dropped).

        Takes our own liveness lock first, so a claim made after this call is ours for sure.
        """
        await self._holders.start()
        others = {h for h in holders if h is not None and h != self._holders.holder}
        return others - await self._holders.alive(others) if others else set()

    async def tick(self) -> int:
        """Take over dead claims, then claim and deliver everything due now, batch by batch.

        Returns how many messages were handed over.
        """
        await self._holders.start()
        await self._release_claims()
        handed = 0
        for claim in (self._claim_schedules, self._claim_pending):
            more = True
            while more and self._leading():
                work, more = await claim()
                handed += await self._deliver(work)
        return handed

    async def next_due(self) -> datetime | None:
        """When the next pass has something to do: a schedule, a retry or a lease end."""
        async with self._uow() as uow:
            moments = [
                await uow.checkins.earliest_due("next_due_at"),
                await uow.checkins.earliest_checkin(),
            ]
        found = [moment for moment in moments if moment is not None]
        return min(found) if found else None

    async def _release_claims(self) -> None:
        """Put back the claims of dead holders and every claim whose lease ran out."""
        now = self._clock.now()
        async with self._uow() as uow:
            claims = await uow.checkins.claims()
            dead = await self.dead_holders(claims)
            if not dead and all(until >= now for until in claims.values()):
                return
            released = await uow.checkins.release_claims(now, dead)
            await uow.commit()
        if released:
            log.warning("put back %d check-ins claimed by a dispatcher that stopped", released)

    async def _claim_schedules(self) -> tuple[Work, bool]:
        now = self._clock.now()
        async with self._uow() as uow:
            schedules = await uow.checkins.lock_due("next_due_at", now, self._batch)
            if not schedules:
                return [], False
            people = await uow.accounts.recipients([s.athlete_id for s in schedules])
            rows: list[NewCheckin] = []
            advances: list[tuple[int, datetime | None]] = []
            targets: dict[int, Account] = {}
            for schedule in schedules:
                advances.append((schedule.athlete_id, next_due(schedule.rule, now)))
                stopped, accounts = people.get(schedule.athlete_id, (True, []))
                account = pick_account(accounts, self.senders, schedule.preferred_platform)
                if stopped or account is None or schedule.next_due_at is None:
                    continue
                targets[schedule.athlete_id] = account
                lease_until = now + self._lease
                first = schedule.next_due_at
                for row in passed_occurrences(schedule, first, now, self._grace, lease_until):
                    rows.append(await self._prepare(row) if row.status == Status.SENDING else row)
            inserted = await uow.checkins.insert_checkins(rows, self._holders.holder)
            await uow.checkins.set_due("next_due_at", advances)
            await uow.commit()
        work = [(c, targets[c.athlete_id]) for c in inserted if c.status == Status.SENDING]
        return work, len(schedules) == self._batch

    async def _claim_pending(self) -> tuple[Work, bool]:
        now = self._clock.now()
        async with self._uow() as uow:
            pending = await uow.checkins.lock_pending(now, self._batch)
            if not pending:
                return [], False
            people = await uow.accounts.recipients({c.athlete_id for c in pending})
            changed: list[Checkin] = []
            work: Work = []
            for checkin in pending:
                claimed = await self._claim_one(uow, checkin, people, now)
                changed.append(claimed[0] if isinstance(claimed, tuple) else claimed)
                if isinstance(claimed, tuple):
                    work.append(claimed)
            await uow.checkins.update_checkins(changed, self._holders.holder)
            await uow.commit()
        return work, len(pending) == self._batch

    async def _claim_one(
        self,
        uow: UnitOfWork,
        checkin: Checkin,
        people: dict[int, tuple[bool, list[Account]]],
        now: datetime,
    ) -> Checkin | tuple[Checkin, Account]:
        """A pending check-in claimed with its account, or its final state when it is over."""
        stopped, accounts = people.get(checkin.athlete_id, (True, []))
        schedule = await uow.checkins.get_schedule(checkin.athlete_id)
        preferred = schedule.preferred_platform if schedule else None
        account = pick_account(accounts, self.senders, preferred)
        late = checkin.send_after is None or now - checkin.send_after > self._grace
        if stopped or account is None or late or checkin.attempts >= MAX_ATTEMPTS:
            # Already delivered once (a snooze) stays answerable; never sent: gone.
            status = Status.SENT if checkin.sent_at else Status.UNDELIVERED
            return replace(checkin, status=status, send_after=None)
        if await self._already_logged(checkin.athlete_id, checkin.scheduled_at):
            return replace(checkin, status=Status.LOGGED, send_after=None)
        claimed = replace(checkin, status=Status.SENDING, send_after=now + self._lease)
        if claimed.session is None and self._sessions is not None:
            session = await self._safe_session(checkin.athlete_id, checkin.local_day)
            claimed = replace(claimed, session=session)
        return claimed, account

    async def _prepare(self, row: NewCheckin) -> NewCheckin:
        """Before claiming: quiet if already trained, else attach the program's session."""
        if await self._already_logged(row.athlete_id, row.scheduled_at):
            return replace(row, status=Status.LOGGED, send_after=None)
        if self._sessions is None:
            return row
        return replace(row, session=await self._safe_session(row.athlete_id, row.local_day))

    async def _deliver(self, work: Work) -> int:
        """Send the claimed check-ins a few at a time; each result is recorded as it comes."""
        if not work:
            return 0
        recorder = Recorder(self._uow, self._clock, self._courier)
        return await send_batch(work, self._courier, recorder, self._parallel, self._keep_claims)

    async def _keep_claims(self) -> None:
        """While a batch is out, extend its lease so no other dispatcher takes it over."""
        while True:
            await self._pause(self._lease.total_seconds() / 3)
            try:
                async with self._uow() as uow:
                    until = self._clock.now() + self._lease
                    await uow.checkins.renew_claims(self._holders.holder, until)
                    await uow.commit()
            except Exception:
                log.exception("could not renew the dispatcher's claims")

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

    async def mark_unreachable(self, uow: UnitOfWork, accounts: list[Account]) -> None:
        """Flag accounts as unreachable; pause schedules that have no way left to reach."""
        await self._courier.mark_unreachable(uow, accounts)

    def translator(self, account: Account) -> Translator:
        """The language to write to this account's athlete in."""
        return self._courier.translator(account)

    async def send(self, account: Account, reply: Reply) -> str | float:
        """Deliver one DM: "sent", "unreachable", or the seconds to wait before retrying."""
        return await self._courier.send(account, reply)
