"""The log path's transaction (SQLite and PostgreSQL): all or nothing, and no lost updates.

Logs run prebuilt statements straight on the driver connection; these tests make sure those
statements still live inside the unit of work's transaction.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import timedelta

import pytest
from sqlalchemy import text

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.services.challenges import Caller
from bot.storage import create_engine_for

from .helpers import in_group, mod, say


async def _challenge_with(app: App, *members: tuple[str, str]) -> None:
    assert "is on" in await mod(app, 'challenge create "March" sessions 2026-03-02 2026-03-29')
    for user, name in members:
        assert "joined" in await say(app, in_group('challenge join "March"', user, name))


async def _refuse_challenge_logs(url: str) -> None:
    """Make the database itself refuse the second statement of a log."""
    engine = create_engine_for(url)
    async with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            await connection.execute(
                text(
                    "ALTER TABLE challenge_logs ADD CONSTRAINT refuse_logs CHECK (amount < 0)"
                    " NOT VALID"
                )
            )
        else:
            await connection.execute(
                text(
                    "CREATE TRIGGER refuse_logs BEFORE INSERT ON challenge_logs"
                    " BEGIN SELECT RAISE(ABORT, 'refuse_logs'); END"
                )
            )
    await engine.dispose()


async def test_a_log_that_fails_half_way_leaves_nothing_behind(app: App, migrated_url: str) -> None:
    await _challenge_with(app, ("11", "Alice"))
    assert "March (now 1)" in await say(app, in_group("log"))
    await _refuse_challenge_logs(migrated_url)
    with pytest.raises(Exception, match="refuse_logs"):
        await app.router.handle(in_group("log"))
    athlete = await app.services.athletes.identify(in_group("x").user)
    assert len(await app.services.challenges.history(athlete)) == 1  # the training log too
    assert "Alice — 1" in await say(app, in_group("leaderboard"))


async def test_two_logs_of_one_athlete_at_once_both_count(app: App) -> None:
    await _challenge_with(app, ("11", "Alice"), ("12", "Bob"))
    assert "March (now 1)" in await say(app, in_group("log", "12", "Bob"))
    replies = await asyncio.gather(*(say(app, in_group("log sessions 1")) for _ in range(3)))
    assert sorted(r[r.index("(now") :][:6] for r in replies) == ["(now 1", "(now 2", "(now 3"]
    board = await say(app, in_group("leaderboard"))
    assert "🥇  1. Alice — 3 ← you" in board and "🥈  2. Bob — 1" in board


async def _drop_connections(url: str) -> None:
    """What a database restart does to the pool's connections."""
    engine = create_engine_for(url)
    async with engine.connect() as connection:
        await connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    await engine.dispose()


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


async def test_check_ins_and_a_log_credited_at_once_all_count(app: App, clock: ManualClock) -> None:
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
