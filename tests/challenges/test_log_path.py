"""The log path (SQLite and PostgreSQL): all or nothing, and no lost updates.

Logs run prebuilt statements straight on the driver connection, read the memberships without
a lock and store only if they are unchanged since; these tests hold them to that.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text

from bot.bootstrap import App
from bot.challenges.credits import SESSION_KINDS
from bot.challenges.groups import Caller
from bot.challenges.rules import CreditedLog, MemberState
from bot.clock import ManualClock
from bot.ports import MembersChanged
from bot.storage import create_engine_for
from bot.training_log.rules import TrainingEntry

from .helpers import (
    boards_miscounted,
    count_rows,
    in_group,
    in_private,
    mod,
    run_sql,
    say,
    until_waiting_for_locks,
)


async def _challenge_with(app: App, *members: tuple[str, str]) -> None:
    assert "is on" in await mod(app, 'challenge create "March" sessions 2026-03-02 2026-03-29')
    for user, name in members:
        assert "joined" in await say(app, in_group('challenge join "March"', user, name))


async def _refuse_challenge_logs(url: str) -> None:
    """Make the database itself refuse a log's challenge log, after its training log."""
    await run_sql(
        url,
        postgresql="ALTER TABLE challenge_logs ADD CONSTRAINT refuse_logs CHECK (amount < 0)"
        " NOT VALID",
        sqlite="CREATE TRIGGER refuse_logs BEFORE INSERT ON challenge_logs"
        " BEGIN SELECT RAISE(ABORT, 'refuse_logs'); END",
    )


async def test_a_log_that_fails_half_way_leaves_nothing_behind(app: App, migrated_url: str) -> None:
    await _challenge_with(app, ("11", "Alice"))
    assert "March (now 1)" in await say(app, in_group("log"))
    await _refuse_challenge_logs(migrated_url)
    with pytest.raises(Exception, match="refuse_logs"):
        await app.router.handle(in_group("log"))
    athlete = await app.services.athletes.identify(in_group("x").user)
    assert len(await app.services.training_log.history(athlete)) == 1  # the training log too
    assert "Alice — 1" in await say(app, in_group("leaderboard"))


async def test_two_logs_of_one_athlete_at_once_bothcount_rows(app: App, migrated_url: str) -> None:
    await _challenge_with(app, ("11", "Alice"), ("12", "Bob"))
    assert "March (now 1)" in await say(app, in_group("log", "12", "Bob"))
    replies = await asyncio.gather(*(say(app, in_group("log sessions 1")) for _ in range(3)))
    assert sorted(r[r.index("(now") :][:6] for r in replies) == ["(now 1", "(now 2", "(now 3"]
    board = await say(app, in_group("leaderboard"))
    assert "🥇  1. Alice — 3 ← you" in board and "🥈  2. Bob — 1" in board
    assert await boards_miscounted(migrated_url) == 0


@pytest.mark.parametrize("groups", [1, 2])
async def test_credits_from_a_member_that_changed_since_it_was_read_store_nothing(
    app: App, clock: ManualClock, migrated_url: str, groups: int
) -> None:
    """A stale read: in between, a log in the last group changes that group's member only."""
    ids = [str(1001 + n) for n in range(groups)]
    for group in ids:
        create = 'challenge create "March" sessions 2026-03-02 2026-03-29'
        assert "is on" in await mod(app, create, group=group)
        assert "joined" in await say(app, in_group('challenge join "March"', group=group))
    athlete = await app.services.athletes.identify(in_group("x").user)
    now = clock.now()
    async with app.uow() as uow:
        members = await uow.credits.memberships_to_credit(athlete, now, SESSION_KINDS)
        assert len(members) == groups
        assert "March (now 1)" in await say(app, in_group("log", group=ids[-1]))
        state = MemberState(score=1, day=now.date(), day_amount=1, run=1)
        stale = [CreditedLog(member, state, 1, now.date(), "log", now) for member in members]
        training = TrainingEntry(athlete, "sessions", None, 1, now)
        with pytest.raises(MembersChanged):
            await uow.credits.save(stale, training)
    assert len(await app.services.training_log.history(athlete)) == 1  # the stale one's is gone
    assert await count_rows(migrated_url, "SELECT count(*) FROM challenge_logs") == 1
    assert await boards_miscounted(migrated_url) == 0
    boards = [await say(app, in_group("leaderboard", group=group)) for group in ids]
    assert ["Alice — 0" in board for board in boards] == [True] * (groups - 1) + [False]
    assert "Alice — 1" in boards[-1]
    assert "(now 2)" in await say(app, in_group("log", group=ids[-1]))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_log_whose_member_keeps_changing_gives_up_with_a_clear_message(
    app: App, migrated_url: str
) -> None:
    """Only a storm of writes to one member could do this; SQLite can fake one: a trigger
    that silently skips every update of a member looks like a member that changed."""
    await _challenge_with(app, ("11", "Alice"))
    await run_sql(
        migrated_url,
        sqlite="CREATE TRIGGER skip_updates BEFORE UPDATE ON challenge_members"
        " BEGIN SELECT RAISE(IGNORE); END",
    )
    assert "Please try again" in await say(app, in_group("log"))
    athlete = await app.services.athletes.identify(in_group("x").user)
    assert await app.services.training_log.history(athlete) == []
    assert "Alice — 0" in await say(app, in_group("leaderboard"))


async def _drop_connections(url: str) -> None:
    """What a database restart does to the pool's connections."""
    await run_sql(
        url,
        postgresql="SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )


async def _failures(*attempts: Awaitable[object]) -> int:
    failed = 0
    for attempt in attempts:
        try:
            await attempt
        except Exception:  # the adapter would apologise
            failed += 1
    return failed


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_the_bot_recovers_when_the_database_drops_its_connections(
    app: App, migrated_url: str
) -> None:
    """Pooled connections are not pinged before use (three round trips each on asyncpg): a
    connection the server dropped fails one message, and the pool starts afresh."""
    await _challenge_with(app, ("11", "Alice"))
    athlete = await app.services.athletes.identify(in_group("x").user)
    alice = Caller(in_group("x").chat, athlete_id=athlete, display_name="Alice")
    logs = app.services.challenges
    await _drop_connections(migrated_url)
    # Straight into the log path, which talks to asyncpg past SQLAlchemy.
    assert (
        await _failures(logs.log(alice, "sessions", None, 1), logs.log(alice, "sessions", None, 1))
        == 1
    )
    await _drop_connections(migrated_url)
    assert await _failures(say(app, in_group("log")), say(app, in_group("log"))) == 1
    assert "Alice — 2" in await say(app, in_group("leaderboard"))


async def test_check_ins_and_a_log_credited_at_once_allcount_rows(
    app: App, clock: ManualClock, migrated_url: str
) -> None:
    await _challenge_with(app, ("11", "Alice"))
    athlete = await app.services.athletes.identify(in_group("x").user)
    now = clock.now()
    service = app.services.challenges
    await asyncio.gather(
        service.credit_checkin(athlete, now - timedelta(hours=2)),
        service.credit_checkin(athlete, now - timedelta(hours=1)),
        say(app, in_group("log")),
    )
    assert "Alice — 3" in await say(app, in_group("leaderboard"))
    assert await boards_miscounted(migrated_url) == 0


async def test_a_check_in_counted_in_between_is_not_counted_again(
    app: App, clock: ManualClock, migrated_url: str
) -> None:
    """A late check-in can count without changing any total (a day beside an older, shorter
    streak); the member's version still tells a second credit of it that it came too late."""
    assert "is on" in await mod(app, 'challenge create "Streak" streak 2026-03-02 2026-03-29')
    assert "joined" in await say(app, in_group('challenge join "Streak"'))
    monday = clock.now()
    for day in (0, 3, 4, 5):
        clock.set(monday + timedelta(days=day))
        assert "(now" in await say(app, in_group("log"))
    assert "Alice — 3" in await say(app, in_group("leaderboard"))
    athlete = await app.services.athletes.identify(in_group("x").user)
    tuesday = monday + timedelta(days=1)
    async with app.uow() as uow:
        [member] = await uow.credits.memberships_to_credit(athlete, tuesday, SESSION_KINDS)
        assert not await uow.credits.counted_checkin(member, tuesday)
        await app.services.challenges.credit_checkin(athlete, tuesday)  # Done, in between
        again = CreditedLog(member, member.state, 1, tuesday.date(), "checkin", tuesday)
        with pytest.raises(MembersChanged):
            await uow.credits.save([again])
    checkins = "SELECT count(*) FROM challenge_logs WHERE source = 'checkin'"
    assert await count_rows(migrated_url, checkins) == 1
    await app.services.challenges.credit_checkin(athlete, tuesday)  # and a later Done again
    assert await count_rows(migrated_url, checkins) == 1
    assert "Alice — 3" in await say(app, in_group("leaderboard"))


async def test_a_write_that_waits_for_a_member_sees_the_change_it_waited_for(
    app: App, clock: ManualClock, migrated_url: str
) -> None:
    """Another writer holds the member (PostgreSQL: its row; SQLite: the write lock) when the
    credits arrive: they wait, then find the member changed and store nothing."""
    await _challenge_with(app, ("11", "Alice"))
    athlete = await app.services.athletes.identify(in_group("x").user)
    now = clock.now()
    engine = create_engine_for(migrated_url)
    async with app.uow() as uow:
        [member] = await uow.credits.memberships_to_credit(athlete, now, SESSION_KINDS)
        state = MemberState(score=1, day=now.date(), day_amount=1, run=1)
        credit = CreditedLog(member, state, 1, now.date(), "log", now)
        async with engine.connect() as other:
            await other.execute(text("UPDATE challenge_members SET version = version + 1"))
            save = asyncio.create_task(uow.credits.save([credit]))
            if other.dialect.name == "postgresql":
                await until_waiting_for_locks(migrated_url)
            else:  # waits in SQLite's busy handler, out of sight
                await asyncio.sleep(0.3)
            assert not save.done()
            await other.commit()
        with pytest.raises(MembersChanged):
            await save
    await engine.dispose()
    assert await count_rows(migrated_url, "SELECT count(*) FROM challenge_logs") == 0
    assert "Alice — 0" in await say(app, in_group("leaderboard"))


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_forget_while_a_log_credits_two_challenges_does_not_deadlock(
    app: App, migrated_url: str
) -> None:
    """Both lock one athlete's members in challenge order, whatever order they were joined in
    (`forget` leaves every challenge first, by challenge)."""
    for group in ("1001", "1002"):
        create = 'challenge create "March" sessions 2026-03-02 2026-03-29'
        assert "is on" in await mod(app, create, group=group)
    for group in ("1002", "1001"):  # the later challenge first: member ids run the other way
        assert "joined" in await say(app, in_group('challenge join "March"', group=group))
    athlete = await app.services.athletes.identify(in_group("x").user)
    async with app.uow() as uow:
        first, second = await uow.challenges.memberships_of(athlete)  # by challenge
        await uow.challenges.set_hidden(first, True)
        log = asyncio.create_task(say(app, in_private("log")))
        await until_waiting_for_locks(migrated_url)  # the log, for the first member
        await uow.challenges.set_hidden(second, True)
        await uow.commit()
    assert "Logged 1 session." in await log  # the challenges were left by then
    assert await boards_miscounted(migrated_url) == 0


async def _lock_member(connection: Any, member_id: int) -> None:
    await connection.execute(
        text("SELECT id FROM challenge_members WHERE id = :id FOR UPDATE"), {"id": member_id}
    )


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_a_log_that_loses_a_deadlock_is_tried_again(app: App, migrated_url: str) -> None:
    """A writer that locks one athlete's members in the other order (an account merge can)
    deadlocks with a log crediting both; PostgreSQL cancels the log's write, and it tries again."""
    for group in ("1001", "1002"):
        create = 'challenge create "March" sessions 2026-03-02 2026-03-29'
        assert "is on" in await mod(app, create, group=group)
        assert "joined" in await say(app, in_group('challenge join "March"', group=group))
    [(first,), (second,)] = await run_sql(
        migrated_url,
        postgresql="SELECT id FROM challenge_members ORDER BY challenge_id",
    )
    engine = create_engine_for(migrated_url)
    async with engine.connect() as other:
        await _lock_member(other, second)
        log = asyncio.create_task(say(app, in_private("log")))
        await until_waiting_for_locks(migrated_url)  # the log holds `first`, waits for `second`
        await _lock_member(other, first)  # a deadlock: PostgreSQL cancels the waiter it finds
        await other.commit()
    await engine.dispose()
    assert (await log).count("March (now 1)") == 2
    for group in ("1001", "1002"):
        assert "Alice — 1" in await say(app, in_group("leaderboard", group=group))


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_a_recount_while_a_log_opens_a_new_score_bucket(app: App, migrated_url: str) -> None:
    """An account merge recounts the boards; a log may create a score bucket after the recount
    deleted the old ones and before it counts them again."""
    await _challenge_with(app, ("11", "Alice"), ("12", "Bob"))
    [(challenge_id,)] = await run_sql(migrated_url, postgresql="SELECT id FROM challenges")
    engine = create_engine_for(migrated_url)
    async with engine.connect() as other:  # holds the bucket for score 1 while it is created
        await other.execute(
            text("INSERT INTO challenge_scores VALUES (:c, 1, 0)"), {"c": challenge_id}
        )
        log = asyncio.create_task(say(app, in_group("log")))
        await until_waiting_for_locks(migrated_url)  # the log holds bucket 0, waits for 1

        async def recount() -> None:
            async with app.uow() as uow:
                await uow.challenges.recount(challenge_id)
                await uow.commit()

        recounting = asyncio.create_task(recount())
        await until_waiting_for_locks(migrated_url, 2)  # the recount's delete, for bucket 0
        await other.rollback()
    await engine.dispose()
    assert "March (now 1)" in await log
    await recounting
    assert await boards_miscounted(migrated_url) == 0
    assert "Alice — 1" in await say(app, in_group("leaderboard"))
