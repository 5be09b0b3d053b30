"""A check-in answer and its challenge credit are one transaction (SQLite and PostgreSQL):
whatever the timing, the board shows exactly the credit the stored answer deserves."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.types import ChatRef, Incoming, Platform, UserRef

from .helpers import boards_miscounted, count_rows, in_group, in_private, mod, run_sql, say
from .test_undo import CHECKIN_LOGS, MONDAY, _board, _checkin_sent, _checkins_on, _join

ALICE = UserRef(Platform.DISCORD, "11", "Alice")
ALICE_PHONE = UserRef(Platform.TELEGRAM, "22", "Alice")  # her Telegram account, linked
COUNTED = ("done", "partly")
REFUSE_CREDITS = {  # the database refuses every credit, as a storm of writes would
    "sqlite": [
        "CREATE TRIGGER refuse BEFORE UPDATE ON challenge_members BEGIN SELECT RAISE(IGNORE); END"
    ],
    "postgresql": [
        "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS"
        " $$ BEGIN RAISE EXCEPTION 'busy' USING ERRCODE = '40001'; END $$",
        "CREATE TRIGGER refuse BEFORE UPDATE ON challenge_members"
        " FOR EACH ROW EXECUTE FUNCTION refuse()",
    ],
}
ALLOW_CREDITS = {
    "sqlite": ["DROP TRIGGER refuse"],
    "postgresql": ["DROP TRIGGER refuse ON challenge_members", "DROP FUNCTION refuse()"],
}


async def _run_each(url: str, by_dialect: dict[str, list[str]]) -> None:
    dialect = "postgresql" if url.startswith("postgresql") else "sqlite"
    for statement in by_dialect[dialect]:
        await run_sql(url, **{dialect: statement})


async def _press(app: App, who: UserRef, checkin_id: int, answer: str) -> str:
    """One button press from one device; the reply's text."""
    chat = ChatRef(who.platform, "dm" + who.external_id, "private")
    replies = await app.router.handle(Incoming(who, chat, action=f"ci:{checkin_id}:{answer}"))
    return replies[0].text


async def _lateral_march_checkin(app: App, clock: ManualClock) -> int:
    """Alice in Lateral March (sessions) and Streak March (streak); her Monday check-in, sent."""
    for name, metric in (("Lateral March", "sessions"), ("Streak March", "streak")):
        assert "is on" in await mod(
            app, f'challenge create "{name}" {metric} 2026-03-02 2026-03-29'
        )
        await _join(app, name)
    sender = await _checkins_on(app, "mon")
    return await _checkin_sent(app, clock, sender, MONDAY + timedelta(hours=9))


async def _status(url: str, checkin_id: int) -> str:
    sql = f"SELECT status FROM checkins WHERE id = {checkin_id}"
    [(status,)] = await run_sql(url, postgresql=sql, sqlite=sql)
    return str(status)


async def _credit_matches_the_answer(app: App, url: str, checkin_id: int) -> str:
    """The stored answer, after checking both boards and the logs give exactly its credit."""
    status = await _status(url, checkin_id)
    score = 1 if status in COUNTED else 0
    for name in ("Lateral March", "Streak March"):
        assert await _board(app, name) == [f"🥇  1. Alice — {score} ← you"], (status, name)
    assert await count_rows(url, CHECKIN_LOGS) == 2 * score
    assert await boards_miscounted(url) == 0
    return status


async def _link_phone(app: App) -> None:
    """Alice links her Telegram account to the athlete of her Discord one."""
    code = re.search(r"link code: ([A-Z2-9]{6})", await say(app, in_private("link")))
    assert code is not None
    chat = ChatRef(Platform.TELEGRAM, "dm22", "private")
    linked = await app.router.handle(Incoming(ALICE_PHONE, chat, text=f"/link {code.group(1)}"))
    assert "Linked" in linked[0].text


async def test_a_credit_that_gives_up_changes_nothing_and_done_again_counts(
    app: App, clock: ManualClock, migrated_url: str
) -> None:
    monday = await _lateral_march_checkin(app, clock)
    await _run_each(migrated_url, REFUSE_CREDITS)
    assert "Please try again" in await _press(app, ALICE, monday, "done")
    assert await _credit_matches_the_answer(app, migrated_url, monday) == "sent"  # unanswered
    assert await count_rows(migrated_url, "SELECT count(*) FROM domain_events") == 0

    await _run_each(migrated_url, ALLOW_CREDITS)
    assert "Please try again" not in await _press(app, ALICE, monday, "done")
    assert await _credit_matches_the_answer(app, migrated_url, monday) == "done"
    assert await count_rows(migrated_url, "SELECT count(*) FROM domain_events") == 1


async def test_two_devices_answering_at_once_leave_the_credit_of_the_stored_answer(
    app: App, clock: ManualClock, migrated_url: str
) -> None:
    monday = await _lateral_march_checkin(app, clock)
    await _link_phone(app)
    rounds = [("done", "skipped"), ("skipped", "done"), ("partly", "pain"), ("done", "done")]
    for laptop, phone in rounds:
        clock.advance(timedelta(minutes=1))
        await asyncio.gather(
            _press(app, ALICE, monday, laptop), _press(app, ALICE_PHONE, monday, phone)
        )
        assert await _credit_matches_the_answer(app, migrated_url, monday) in (laptop, phone)


async def test_done_skipped_done_pressed_quickly_counts_once(
    app: App, clock: ManualClock, migrated_url: str
) -> None:
    monday = await _lateral_march_checkin(app, clock)
    for quick in (("done", "skipped", "done"), ("skipped", "done", "skipped")) * 2:
        clock.advance(timedelta(minutes=1))
        await asyncio.gather(*(_press(app, ALICE, monday, answer) for answer in quick))
        assert await _credit_matches_the_answer(app, migrated_url, monday) in quick
    await _press(app, ALICE, monday, "done")  # whatever won, Done now counts exactly once
    assert await _credit_matches_the_answer(app, migrated_url, monday) == "done"
    # Each event row was stored with the answer that published it: none from a lost race.
    counted = "SELECT count(*) FROM domain_events WHERE kind = 'checkin.session_counted'"
    uncounted = "SELECT count(*) FROM domain_events WHERE kind = 'checkin.session_uncounted'"
    assert await count_rows(migrated_url, counted) - await count_rows(migrated_url, uncounted) == 1


async def test_undo_of_a_checkin_the_daily_cap_cut_takes_nothing_back(
    app: App, clock: ManualClock, migrated_url: str
) -> None:
    monday = await _lateral_march_checkin(app, clock)
    clock.set(MONDAY)  # the morning: three sessions fill Monday's cap
    assert "Lateral March (now 3)" in await say(app, in_group("log sessions 3"))
    clock.set(MONDAY + timedelta(hours=10))
    await _press(app, ALICE, monday, "done")  # Monday 18:00: nothing left under the cap
    assert await _board(app, "Lateral March") == ["🥇  1. Alice — 3 ← you"]
    assert await count_rows(migrated_url, CHECKIN_LOGS) == 0
    for answer in ("skipped", "done", "pain"):
        clock.advance(timedelta(minutes=5))
        await _press(app, ALICE, monday, answer)
        assert await _board(app, "Lateral March") == ["🥇  1. Alice — 3 ← you"], answer
        assert await _board(app, "Streak March") == ["🥇  1. Alice — 1 ← you"], answer
    assert "Counted in" not in await say(app, in_group("log"))  # Monday is still full
    clock.set(MONDAY + timedelta(days=1))
    assert "Lateral March (now 4)" in await say(app, in_group("log"))
    assert await boards_miscounted(migrated_url) == 0
