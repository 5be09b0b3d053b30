"""One dispatcher per token set: the election, its gate on the bulk jobs, the SQLite refusal."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import pytest
from sqlalchemy import text

from bot.clock import ManualClock, SystemClock
from bot.errors import ConfigError
from bot.jobs import PeriodicJob, Wakeups
from bot.services.leadership import Leadership
from bot.storage import create_engine_for
from bot.storage.leader import SqlLeaderLock, leader_key
from tests.checkins.support import seed_due, statuses
from tests.checkins.test_takeover import DUE, worker

KEY = leader_key({"telegram": "123:secret", "discord": "abc.def"})


@asynccontextmanager
async def process(url: str, key: int = KEY) -> AsyncIterator[Leadership]:
    """A process's election: its own engine (and so its own lock connection)."""
    engine = create_engine_for(url)
    leadership = Leadership(SqlLeaderLock(engine, key), SystemClock())
    try:
        yield leadership
    finally:
        await leadership.close()
        await engine.dispose()


def test_the_key_depends_on_the_tokens_and_never_shows_them() -> None:
    assert leader_key({"telegram": "123:secret"}) != leader_key({"telegram": "123:other"})
    assert leader_key({"telegram": "t"}) != leader_key({"discord": "t"})
    assert leader_key({"discord": "abc.def", "telegram": "123:secret"}) == KEY
    assert -(2**63) <= KEY < 2**63 and "secret" not in f"{KEY:x}"


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_one_of_two_processes_leads_and_the_other_takes_over_when_it_goes(
    migrated_url: str,
) -> None:
    changes: list[tuple[str, bool]] = []
    async with process(migrated_url) as first, process(migrated_url) as second:
        first.on_change(lambda leader: changes.append(("first", leader)))
        second.on_change(lambda leader: changes.append(("second", leader)))
        assert await first.poll() is True
        assert await second.poll() is False
        assert await first.poll() is True  # the leader keeps it
        assert await second.poll() is False
        await first.close()  # the leader stops (or dies: the server drops its lock)
        assert await second.poll() is True
        assert second.is_leader() and not first.is_leader()
    assert changes[:3] == [("first", True), ("first", False), ("second", True)]


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_only_the_leader_runs_bulk_jobs_and_winning_wakes_them(migrated_url: str) -> None:
    ran: list[str] = []
    woken: list[str] = []
    wakeups = Wakeups()
    wakeups.listen(lambda name, _moment: woken.append(name))

    def job(owner: str) -> PeriodicJob:
        async def run() -> None:
            ran.append(owner)

        return PeriodicJob("checkins.dispatch", 60, run)

    async with process(migrated_url) as first, process(migrated_url) as second:
        [first_job] = first.gate([job("first")], wakeups)
        [second_job] = second.gate([job("second")], wakeups)
        assert woken == []
        await first_job.run()
        await second_job.run()
        assert ran == ["first"]
        assert woken == ["checkins.dispatch"]  # the first's win woke its job
        assert second_job.next_due is not None and await second_job.next_due() is None
        await first.close()
        await second.poll()
        await second_job.run()
        await first_job.run()  # stepped down: runs nothing
    assert ran == ["first", "second"]
    assert woken == ["checkins.dispatch", "checkins.dispatch"]


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_other_token_sets_elect_their_own_dispatcher(migrated_url: str) -> None:
    other = leader_key({"telegram": "999:another-bot"})
    async with process(migrated_url) as first, process(migrated_url, other) as second:
        assert await first.poll() and await second.poll()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_second_process_on_one_sqlite_file_refuses_in_one_line(
    migrated_url: str,
) -> None:
    async with process(migrated_url) as first, process(migrated_url) as second:
        first.hold_process()
        assert first.is_leader()
        with pytest.raises(ConfigError) as refused:
            second.hold_process()
        message = str(refused.value)
        assert "\n" not in message and "already running" in message
        assert "test.db" in message and not second.is_leader()
        await first.close()
        second.hold_process()  # the first is gone: the next one starts
        assert second.is_leader()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_a_leader_whose_connection_dies_steps_down_and_another_leads(
    migrated_url: str,
) -> None:
    async with process(migrated_url) as first, process(migrated_url) as second:
        assert await first.poll() and not await second.poll()
        engine = create_engine_for(migrated_url)
        try:
            async with engine.connect() as connection:  # the server ends the leader's session
                ended = await connection.scalar(
                    text(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_locks "
                        "WHERE locktype = 'advisory' AND granted AND objsubid = 1 "
                        "AND ((classid::bigint << 32) | objid::bigint) = :key"
                    ),
                    {"key": KEY},  # the shift wraps, as the signed key does
                )
        finally:
            await engine.dispose()
        assert ended == 1
        assert await second.poll()  # the lock went with the session
        assert not await first.poll() and not first.is_leader()  # and the leader knows it


async def test_a_dispatcher_that_lost_the_election_stops_after_its_batch(
    migrated_url: str,
) -> None:
    await seed_due(migrated_url, 30, DUE)
    answers = iter([True])  # leading for the first batch, then the election is lost
    clock = ManualClock(DUE + timedelta(seconds=1))
    async with worker(
        migrated_url, clock, batch=10, leading=lambda: next(answers, False)
    ) as stepped_down:
        assert await stepped_down.dispatcher.tick() == 10
    assert await statuses(migrated_url) == {"sent": 10}  # the rest stays due for the leader
