"""Handing messages the core starts to the Senders, and recording each result as it comes.

`Courier.send` delivers one DM with bounded retries. `Recorder` writes results in arrival
order from a task of its own: a result waits only for the write in progress, and everything
that arrived meanwhile shares the next transaction (a group commit). So with a real network
each check-in is marked sent right after its send returns, and with an instant Sender the
writes batch up instead of holding the sends back.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from bot.athletes.rules import Account
from bot.checkins.messages import checkin_message
from bot.checkins.schedule_actions import paused_unreachable
from bot.checkins.schedules import Checkin, Status
from bot.clock import Clock
from bot.i18n import Catalog, Language, Translator
from bot.ports import (
    DeliveryError,
    RecipientUnreachable,
    RetryLater,
    Sender,
    UnitOfWork,
    UnitOfWorkFactory,
)
from bot.types import Platform, Reply

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
Work = list[tuple[Checkin, Account]]
SENT, UNREACHABLE = "sent", "unreachable"
MAX_WAIT_SECONDS = 30.0  # longer RetryLater answers are re-queued instead of waited out
TRIES = 3  # attempts per message inside one pass
MAX_ATTEMPTS = 5  # passes with failed (or interrupted) attempts before a check-in is given up
BACKOFF_SECONDS = 1.0


def pick_account(
    accounts: list[Account], senders: Mapping[Platform, Sender], preferred: str | None
) -> Account | None:
    """The account to DM: reachable, with a chat and a running Sender; preferred first."""
    usable = [a for a in accounts if a.reachable and a.dm_chat_id and a.platform in senders]
    chosen = [a for a in usable if a.platform == preferred] or usable
    return chosen[0] if chosen else None


def after_failure(
    checkin: Checkin, account: Account, result: str | float, now: datetime
) -> Checkin:
    """The check-in's next state after a send that did not go out."""
    tried = replace(checkin, platform=account.platform)
    if result == UNREACHABLE:
        # Another account may still work: the next pass decides (or gives up).
        return replace(tried, status=Status.PENDING, send_after=now)
    attempts = checkin.attempts + 1
    if attempts >= MAX_ATTEMPTS:
        return replace(tried, status=Status.UNDELIVERED, send_after=None, attempts=attempts)
    wait = max(float(result), BACKOFF_SECONDS * 2.0**attempts)
    return replace(
        tried, status=Status.PENDING, send_after=now + timedelta(seconds=wait), attempts=attempts
    )


class Courier:
    """Delivers one DM at a time through the live Senders, and flags unreachable accounts."""

    def __init__(
        self,
        senders: dict[Platform, Sender],
        sleep: Sleep = asyncio.sleep,
        catalog: Catalog | None = None,
    ) -> None:
        self.senders = senders  # the runtime's dict, filled after bootstrap: keep the reference
        self._sleep = sleep
        self._catalog = catalog or Catalog.english()

    def translator(self, account: Account) -> Translator:
        """The language to write to this account's athlete in."""
        return self._catalog.translator(Language.parse(account.language))

    async def send(self, account: Account, reply: Reply) -> str | float:
        """Deliver one DM: "sent", "unreachable", or the seconds to wait before retrying."""
        sender = self.senders[Platform(account.platform)]
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

    async def mark_unreachable(self, uow: UnitOfWork, accounts: list[Account]) -> None:
        """Flag accounts as unreachable; pause schedules that have no way left to reach."""
        for account in accounts:
            await uow.accounts.update(replace(account, reachable=False))
        for athlete_id in {account.athlete_id for account in accounts}:
            others = await uow.accounts.for_athlete(athlete_id)
            left = [a for a in others if a not in accounts and a.reachable]
            schedule = await uow.checkins.get_schedule(athlete_id)
            if schedule and pick_account(left, self.senders, None) is None:
                await uow.checkins.save_schedule(paused_unreachable(schedule))
                log.info("check-ins of athlete %s paused: unreachable", athlete_id)


@dataclass
class Results:
    """Outcomes not written yet."""

    sent: dict[str, list[int]] = field(default_factory=dict)
    changed: list[Checkin] = field(default_factory=list)
    unreachable: list[Account] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.sent or self.changed or self.unreachable)

    def merge(self, other: Results) -> None:
        """Take over another set of results (written ones are idempotent to write again)."""
        for platform, ids in other.sent.items():
            self.sent.setdefault(platform, []).extend(ids)
        self.changed.extend(other.changed)
        self.unreachable.extend(other.unreachable)


class Recorder:
    """Records delivery results of claimed check-ins as they arrive (see the module doc)."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, courier: Courier) -> None:
        self._uow = uow
        self._clock = clock
        self._courier = courier
        self._waiting = Results()
        self._arrived = asyncio.Event()
        self._closing = False
        self.done: set[int] = set()
        self.sent = 0

    def add(self, checkin: Checkin, account: Account, result: str | float) -> None:
        """Queue one send's result for the next write."""
        self.done.add(checkin.id)
        self._arrived.set()
        if result == SENT:
            self._waiting.sent.setdefault(account.platform, []).append(checkin.id)
            self.sent += 1
            return
        self._waiting.changed.append(after_failure(checkin, account, result, self._clock.now()))
        if result == UNREACHABLE:
            self._waiting.unreachable.append(account)

    def put_back(self, checkins: list[Checkin]) -> None:
        """Claims that were not sent (a graceful stop): pending again, due now."""
        now = self._clock.now()
        for checkin in checkins:
            if checkin.id not in self.done:
                self._waiting.changed.append(
                    replace(checkin, status=Status.PENDING, send_after=now)
                )

    async def run(self) -> None:
        """Write whatever arrived since the last write, one write after another, until closed.

        Senders never wait for it: a write covers every result that came in meanwhile.
        """
        while True:
            await self._arrived.wait()
            self._arrived.clear()
            await self.flush()
            if self._closing and not self._waiting:
                return

    def close(self) -> None:
        """Let `run` return once everything added is written."""
        self._closing = True
        self._arrived.set()

    async def flush(self) -> None:
        """Write everything queued so far."""
        if not self._waiting:
            return
        results, self._waiting = self._waiting, Results()
        try:
            await self._write(results)
        except BaseException:
            self._waiting.merge(results)  # interrupted: the next flush writes them
            raise

    async def _write(self, results: Results) -> None:
        now = self._clock.now()
        async with self._uow() as uow:
            for platform, ids in results.sent.items():
                await uow.checkins.mark_sent(ids, platform, now)
            await uow.checkins.update_checkins(results.changed)
            await self._courier.mark_unreachable(uow, results.unreachable)
            await uow.commit()


async def send_batch(
    work: Work,
    courier: Courier,
    recorder: Recorder,
    parallel: int,
    keep_claims: Callable[[], Coroutine[Any, Any, None]],
) -> int:
    """Send claimed check-ins, `parallel` at a time, while `recorder` writes the results.

    `keep_claims` runs alongside (renewing the lease) until the batch is over. Returns how
    many were sent. Should a write fail, sending stops: the rest stays claimed until the
    lease ends, then goes out again.
    """
    queue = deque(work)
    writer = asyncio.create_task(recorder.run())

    async def worker() -> None:
        while queue and not writer.done():
            checkin, account = queue.popleft()
            message = checkin_message(checkin, checkin.session, courier.translator(account))
            result = await courier.send(account, message)
            recorder.add(checkin, account, result)

    workers = [asyncio.create_task(worker()) for _ in range(min(parallel, len(work)))]
    keeper = asyncio.create_task(keep_claims())
    try:
        await asyncio.gather(*workers)
    except BaseException:
        # Stopped: unsent claims go back now rather than when the lease ends.
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        recorder.close()
        await asyncio.gather(writer, return_exceptions=True)
        recorder.put_back([checkin for checkin, _ in work])
        await recorder.flush()
        raise
    finally:
        keeper.cancel()
    recorder.close()
    await writer
    return recorder.sent
