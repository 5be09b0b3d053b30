"""Small claims, each send recorded as it returns, and a dead dispatcher's claims taken over."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from bot.checkins.dispatch import Dispatcher
from bot.checkins.schedule_actions import summary_moment
from bot.checkins.storage.models import CheckinRow
from bot.clock import ManualClock
from bot.storage import SqlHolders, create_engine_for, make_uow_factory
from bot.types import Platform, Reply
from tests.checkins.support import Core, RecordingSender, seed_due, statuses, wired

DUE = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)


@dataclass
class Worker:
    """One dispatcher process: its own engine, liveness lock and Sender."""

    dispatcher: Dispatcher
    holders: SqlHolders
    sender: RecordingSender


@asynccontextmanager
async def worker(url: str, clock: ManualClock, **options: Any) -> AsyncIterator[Worker]:
    """A dispatcher as a separate process would run it (closing it = the process ending)."""
    engine = create_engine_for(url)
    holders = SqlHolders(engine)
    sender = RecordingSender()
    dispatcher = Dispatcher(
        make_uow_factory(engine, clock),
        clock,
        {Platform.TELEGRAM: sender},
        None,
        grace=timedelta(hours=3),
        holders=holders,
        **options,
    )
    try:
        yield Worker(dispatcher, holders, sender)
    finally:
        await holders.close()
        await engine.dispose()


async def test_a_killed_dispatchers_claims_are_sent_at_once_by_the_next(
    migrated_url: str,
) -> None:
    await seed_due(migrated_url, 30, DUE)
    clock = ManualClock(DUE + timedelta(seconds=1))
    async with worker(migrated_url, clock, batch=20) as killed:
        await killed.holders.start()
        claimed, more = await killed.dispatcher._claim_schedules()
        assert len(claimed) == 20 and more  # one batch claimed, then kill -9: nothing sent
    # The process is gone (its liveness lock with it); its claims are still "sending".
    assert await statuses(migrated_url) == {"sending": 20}
    async with worker(migrated_url, clock, batch=20) as survivor:
        assert await survivor.dispatcher.tick() == 30  # no waiting for the lease to end
        received = Counter(user for user, _ in survivor.sender.sent)
    assert len(received) == 30 and set(received.values()) == {1}
    assert await statuses(migrated_url) == {"sent": 30}


async def test_a_stuck_but_living_dispatcher_keeps_its_claims_until_the_lease_ends(
    migrated_url: str,
) -> None:
    await seed_due(migrated_url, 5, DUE)
    clock = ManualClock(DUE + timedelta(seconds=1))
    async with (
        worker(migrated_url, clock) as stuck,
        worker(migrated_url, clock, lease=timedelta(seconds=45)) as other,
    ):
        await stuck.holders.start()
        await stuck.dispatcher._claim_schedules()  # claimed, then it hangs without renewing
        clock.advance(timedelta(seconds=30))
        assert await other.dispatcher.tick() == 0  # alive and leased: not taken over
        assert await other.dispatcher.next_due() == DUE + timedelta(seconds=46)  # lease end
        clock.advance(timedelta(seconds=16))
        assert await other.dispatcher.tick() == 5
    assert await statuses(migrated_url) == {"sent": 5}


async def test_a_slow_batch_renews_its_lease_so_nobody_sends_it_twice(
    migrated_url: str,
) -> None:
    await seed_due(migrated_url, 1, DUE)
    clock = ManualClock(DUE + timedelta(seconds=1))

    async def quick(_seconds: float) -> None:
        await asyncio.sleep(0.01)  # renewals every 10 ms of real time instead of 15 s

    async with (
        worker(migrated_url, clock, pause=quick) as slow,
        worker(migrated_url, clock) as other,
    ):
        started, release = asyncio.Event(), asyncio.Event()

        async def hang(user: str, reply: Reply) -> None:
            started.set()
            await release.wait()
            slow.sender.sent.append((user, reply))

        slow.sender.send_dm = hang  # type: ignore[method-assign,assignment]
        task = asyncio.create_task(slow.dispatcher.tick())
        await started.wait()
        clock.advance(timedelta(minutes=5))  # far past the first lease
        await asyncio.sleep(0.1)  # the slow one renews meanwhile
        assert await other.dispatcher.tick() == 0
        release.set()
        assert await task == 1
    assert len(slow.sender.sent) + len(other.sender.sent) == 1


async def test_claims_follow_the_send_budget(migrated_url: str) -> None:
    await seed_due(migrated_url, 50, DUE)
    clock = ManualClock(DUE + timedelta(seconds=1))
    claimed: list[int] = []
    async with worker(migrated_url, clock, rate=10, batch_seconds=2) as one:
        assert one.dispatcher.batch == 20  # 10 messages a second for 2 seconds
        engine = create_engine_for(migrated_url)

        async def observe(user: str, reply: Reply) -> None:
            async with engine.connect() as connection:
                claimed.append(await _count(connection, "sending"))
            one.sender.sent.append((user, reply))

        one.sender.send_dm = observe  # type: ignore[method-assign,assignment]
        try:
            assert await one.dispatcher.tick() == 50
        finally:
            await engine.dispose()
    assert max(claimed) == 20  # never more than one batch out at a time
    assert await statuses(migrated_url) == {"sent": 50}


async def test_each_checkin_is_recorded_as_sent_when_its_send_returns(migrated_url: str) -> None:
    await seed_due(migrated_url, 3, DUE)
    clock = ManualClock(DUE + timedelta(seconds=1))
    async with worker(migrated_url, clock, parallel=1) as one:
        gate: asyncio.Queue[None] = asyncio.Queue()

        async def slow(user: str, reply: Reply) -> None:
            await gate.get()  # the network answers when the test says so
            one.sender.sent.append((user, reply))

        one.sender.send_dm = slow  # type: ignore[method-assign,assignment]
        task = asyncio.create_task(one.dispatcher.tick())
        for answered in (1, 2):
            gate.put_nowait(None)
            # Recorded while the rest of the batch is still out, not at the end of it.
            await _until(migrated_url, {"sent": answered, "sending": 3 - answered})
        gate.put_nowait(None)
        assert await task == 3
    assert await statuses(migrated_url) == {"sent": 3}


async def _until(url: str, expected: dict[str, int]) -> None:
    for _ in range(500):  # up to 10 s
        if await statuses(url) == expected:
            return
        await asyncio.sleep(0.02)
    assert await statuses(url) == expected


async def _count(connection: Any, status: str) -> int:
    query = select(func.count()).where(CheckinRow.status == status)
    return int(await connection.scalar(query))


async def test_next_due_names_the_earliest_schedule_or_retry(migrated_url: str) -> None:
    await seed_due(migrated_url, 2, DUE)
    clock = ManualClock(DUE - timedelta(hours=1))

    async def no_wait(_seconds: float) -> None:
        return None

    async with worker(migrated_url, clock, parallel=1, sleep=no_wait) as one:
        assert await one.dispatcher.next_due() == DUE
        clock.set(DUE)
        one.sender.failures = [OSError("reset")] * 3  # the first one fails: a retry later
        assert await one.dispatcher.tick() == 1
        retry = await one.dispatcher.next_due()
        assert retry is not None and DUE < retry <= DUE + timedelta(seconds=10)
        clock.set(retry)
        assert await one.dispatcher.tick() == 1
        assert await one.dispatcher.next_due() == DUE + timedelta(days=2)  # Wednesday


async def _sunday_summary_due(core: Core, clock: ManualClock) -> datetime:
    """Set up a Sunday summary for athlete 100; return its moment (19:00 Berlin)."""
    await core.say("/checkins on mon,wed,fri 18:00 Europe/Berlin")
    clock.set(DUE)
    await core.dispatcher.tick()
    await core.press(core.sender.sent[0][1].buttons[0][0].action)  # Done
    core.sender.sent.clear()
    sunday_1900_berlin = datetime(2026, 3, 8, 18, 0, tzinfo=UTC)
    clock.set(sunday_1900_berlin)
    return sunday_1900_berlin


async def test_weekly_messages_of_a_killed_pass_go_out_when_their_lease_ends(
    migrated_url: str, clock: ManualClock
) -> None:
    async with wired(migrated_url, clock) as core:
        sunday_1900_berlin = await _sunday_summary_due(core, clock)
        claimed, _, _ = await core.weekly._claim("summary_due_at", summary_moment)
        assert len(claimed) == 1  # claimed, then the process was killed before sending
        assert await core.weekly.summaries() == 0  # leased
        lease_end = await core.weekly.next_summary()
        assert lease_end == sunday_1900_berlin + timedelta(minutes=2)
        clock.set(lease_end)
        assert await core.weekly.summaries() == 1
        assert await core.weekly.summaries() == 0
        assert await core.weekly.next_summary() == sunday_1900_berlin + timedelta(days=7)
        assert len(core.sender.sent) == 1 and "Week of 02 Mar" in core.sender.sent[0][1].text


async def test_a_schedule_turned_off_while_its_weekly_message_goes_out_stays_off(
    migrated_url: str, clock: ManualClock
) -> None:
    async with wired(migrated_url, clock) as core:
        await core.say("/checkins on mon,wed,fri 18:00 Europe/Berlin")
        clock.set(datetime(2026, 3, 9, 6, 0, tzinfo=UTC))  # Monday 07:00 in Berlin
        original = core.sender.send_dm

        async def off_meanwhile(user: str, reply: Reply) -> None:
            await original(user, reply)
            await core.say("/checkins off")  # answered while the program is going out

        core.sender.send_dm = off_meanwhile  # type: ignore[method-assign,assignment]
        assert await core.weekly.programs() == 1
        schedule = await core.checkins.schedule(1)
        assert schedule is not None and schedule.program_due_at is None  # not re-armed
        clock.advance(timedelta(days=7))
        assert await core.weekly.programs() == 0


async def test_weekly_leases_of_a_killed_dispatcher_are_due_again_at_once(
    migrated_url: str, clock: ManualClock
) -> None:
    async with wired(migrated_url, clock) as survivor:
        sunday = await _sunday_summary_due(survivor, clock)
        async with wired(migrated_url, clock) as killed:
            await killed.dispatcher.tick()  # takes its liveness lock
            claimed, _, _ = await killed.weekly._claim("summary_due_at", summary_moment)
            assert len(claimed) == 1  # leased, then kill -9 before sending
        # Its liveness lock is gone; the lease is still stored until a pass looks.
        assert await survivor.weekly.next_summary() == sunday + timedelta(minutes=2)
        assert await survivor.weekly.summaries() == 1  # no waiting for the lease to end
        assert await survivor.weekly.summaries() == 0
        assert await survivor.weekly.next_summary() == sunday + timedelta(days=7)
        assert (
            len(survivor.sender.sent) == 1 and "Week of 02 Mar" in survivor.sender.sent[0][1].text
        )
        assert killed.sender.sent == []


async def test_weekly_leases_of_a_living_dispatcher_are_left_alone(
    migrated_url: str, clock: ManualClock
) -> None:
    async with wired(migrated_url, clock) as other:
        sunday = await _sunday_summary_due(other, clock)
        async with wired(migrated_url, clock) as finishing:
            await finishing.dispatcher.tick()  # alive: e.g. finishing its batch after a stop
            claimed, _, _ = await finishing.weekly._claim("summary_due_at", summary_moment)
            assert len(claimed) == 1
            clock.advance(timedelta(minutes=1))
            assert await other.weekly.summaries() == 0  # its holder lives: not handed back
            assert await other.weekly.next_summary() == sunday + timedelta(minutes=2)
            clock.advance(timedelta(minutes=1))  # the lease ran out without a renewal
            assert await other.weekly.summaries() == 1
        assert len(other.sender.sent) == 1 and finishing.sender.sent == []


async def test_a_schedule_turned_off_under_a_dead_holders_lease_stays_off(
    migrated_url: str, clock: ManualClock
) -> None:
    async with wired(migrated_url, clock) as survivor:
        await _sunday_summary_due(survivor, clock)
        async with wired(migrated_url, clock) as killed:
            await killed.dispatcher.tick()
            await killed.weekly._claim("summary_due_at", summary_moment)
        await survivor.say("/checkins off")  # the owner's write is no lease to hand back
        assert await survivor.weekly.summaries() == 0
        schedule = await survivor.checkins.schedule(1)
        assert schedule is not None and schedule.summary_due_at is None
        assert survivor.sender.sent == []


async def test_a_new_leaders_jobs_woken_at_once_all_run_and_the_checkin_goes_out(
    migrated_url: str, clock: ManualClock
) -> None:
    # Winning the election wakes every gated job together, and each takes the process's
    # liveness lock first (the weekly jobs through dead_holders): on PostgreSQL all but one
    # used to wait for it forever, and when the dispatcher was among them no check-in went
    # out again (the stalled fleet).
    async with wired(migrated_url, clock) as leader:
        await leader.say("/checkins on mon,wed,fri 18:00 Europe/Berlin")
        clock.set(DUE)
        async with asyncio.timeout(10):
            weekly_first, sent = await asyncio.gather(
                leader.dispatcher.dead_holders([]), leader.dispatcher.tick()
            )
        assert weekly_first == set() and sent == 1 and len(leader.sender.sent) == 1
