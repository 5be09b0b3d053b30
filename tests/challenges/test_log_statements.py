"""A log reads its memberships with the sender's row (exactly those read alone), then writes
with one statement: on PostgreSQL without a transaction unless the sender's read writes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.bootstrap import App
from bot.challenges.credits import SESSION_KINDS
from bot.clock import ManualClock
from bot.types import Platform

from .helpers import count_rows, in_group, in_private, mod, run_sql, say

CREATE = 'challenge create "{name}" {metric} 2026-03-02 2026-03-29'


async def _joined(app: App, name: str, metric: str = "sessions", group: str = "1001") -> None:
    assert "is on" in await mod(app, CREATE.format(name=name, metric=metric), group=group)
    assert "joined" in await say(app, in_group(f'challenge join "{name}"', group=group))


async def test_the_memberships_read_with_the_sender_are_those_read_alone(
    app: App, clock: ManualClock
) -> None:
    await _joined(app, "March")
    await _joined(app, "Clams", metric="reps:clamshell")  # another metric
    await _joined(app, "Side", group="2002")  # another group
    await _joined(app, "Gone")
    assert "left" in await say(app, in_group('challenge leave "Gone"'))  # hidden
    await _joined(app, "Over")
    assert "is over" in await mod(app, 'challenge end "Over"')
    clock.advance(timedelta(minutes=1))
    now, user = clock.now(), in_private("x").user
    athlete = await app.services.athletes.identify(user)
    expected = {None: ["March", "Side"], (str(Platform.DISCORD), "1001"): ["March"]}
    for scope, names in expected.items():
        async with app.uow() as uow:
            ridden = uow.credits.memberships_with_sender(now, SESSION_KINDS, scope)
            sender, _ = await app.services.athletes.sender_in(uow, user)
            assert sender.athlete_id == athlete
            read = await ridden.rows_for(athlete)
            alone = await uow.credits.memberships_to_credit(athlete, now, SESSION_KINDS, scope)
        assert read == alone and [member.challenge.name for member in read] == names
    async with app.uow() as uow:  # no sender read in between: read alone, still right
        ridden = uow.credits.memberships_with_sender(now, SESSION_KINDS)
        read = await ridden.rows_for(athlete)
    assert [member.challenge.name for member in read] == ["March", "Side"]


async def test_a_first_contact_log_that_fails_leaves_no_athlete_behind(
    app: App, migrated_url: str
) -> None:
    """A log is read, then one write (on PostgreSQL its statements commit on their own); a
    first contact writes more, so it runs in a transaction: all of it goes with the failure."""
    await run_sql(
        migrated_url,
        postgresql="ALTER TABLE training_logs ADD CONSTRAINT refuse_training CHECK (amount < 0)"
        " NOT VALID",
        sqlite="CREATE TRIGGER refuse_training BEFORE INSERT ON training_logs"
        " BEGIN SELECT RAISE(ABORT, 'refuse_training'); END",
    )
    with pytest.raises(Exception, match="refuse_training"):
        await app.router.handle(in_private("log sessions 1", user="31", name="Noor"))
    accounts = "SELECT count(*) FROM platform_accounts WHERE external_id = '31'"
    assert await count_rows(migrated_url, accounts) == 0
    assert await count_rows(migrated_url, "SELECT count(*) FROM training_logs") == 0
