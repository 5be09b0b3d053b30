"""A check-in answered Done and then changed to Skipped or Pain gives its credit back
(SQLite and PostgreSQL): the boards, ranks, ties, caps and streaks show the answer as it is now.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.bootstrap import App
from bot.checkins.answers import STALE
from bot.clock import ManualClock
from bot.storage import create_engine_for
from bot.types import ChatRef, Incoming, Platform, UserRef
from tests.checkins.support import RecordingSender

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

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CHECKIN_LOGS = "SELECT count(*) FROM challenge_logs WHERE source = 'checkin'"


async def _challenge(app: App, name: str, metric: str = "sessions", **where: str) -> None:
    create = f'challenge create "{name}" {metric} 2026-03-02 2026-03-29'
    assert "is on" in await mod(app, create, **where)


async def _join(
    app: App, name: str, user: str = "11", who: str = "Alice", group: str = "1001"
) -> None:
    assert "joined" in await say(app, in_group(f'challenge join "{name}"', user, who, group=group))


async def _sessions_and_streak(app: App, *members: tuple[str, str]) -> None:
    """Lateral March (sessions) and Streak March (streak) in group 1001, with these members."""
    await _challenge(app, "Lateral March")
    await _challenge(app, "Streak March", "streak")
    for name in ("Lateral March", "Streak March"):
        for user, who in members:
            await _join(app, name, user, who)


async def _board(app: App, name: str, user: str = "11", group: str = "1001") -> list[str]:
    """The board's lines below its header."""
    board = await say(app, in_group(f'leaderboard "{name}"', user, group=group))
    return board.splitlines()[1:]


async def _checkins_on(app: App, days: str) -> RecordingSender:
    """Alice's check-ins at 18:00 UTC on `days`, delivered to a recording sender."""
    sender = RecordingSender()
    app.senders[Platform.DISCORD] = sender
    assert "Check-ins on" in await say(app, in_private(f"checkins on {days} 18:00 UTC"))
    return sender


async def _checkin_sent(app: App, clock: ManualClock, sender: RecordingSender, at: datetime) -> int:
    """Let the dispatcher send the check-in due at `at`; its id."""
    clock.set(at)
    dispatch = next(job for job in app.periodic_jobs if job.name == "checkins.dispatch")
    sent = len(sender.sent)
    await dispatch.run()
    assert len(sender.sent) == sent + 1, "no check-in was sent"
    action = sender.sent[-1][1].buttons[0][0].action  # ci:<id>:done
    return int(action.split(":")[1])


async def _monday_checkin(app: App, clock: ManualClock) -> int:
    """Alice's check-in of Monday 18:00, sent; its id."""
    sender = await _checkins_on(app, "mon")
    return await _checkin_sent(app, clock, sender, MONDAY + timedelta(hours=9))


async def _done_in_lateral_march(app: App, clock: ManualClock) -> int:
    """Alice joins Lateral March and answers her Monday check-in Done; its id."""
    await _challenge(app, "Lateral March")
    await _join(app, "Lateral March")
    monday = await _monday_checkin(app, clock)
    await _answer(app, monday, "done")
    return monday


async def _answer(app: App, checkin_id: int, answer: str) -> None:
    """Alice presses one of the check-in's buttons."""
    user = UserRef(Platform.DISCORD, "11", "Alice")
    chat = ChatRef(Platform.DISCORD, "dm11", "private")
    replies = await app.router.handle(Incoming(user, chat, action=f"ci:{checkin_id}:{answer}"))
    assert replies and STALE not in replies[0].text


async def _log_at(app: App, clock: ManualClock, at: datetime, user: str, who: str) -> str:
    clock.set(at)
    return await say(app, in_group("log", user, who))


async def test_done_then_skipped_gives_the_session_and_the_streak_day_back(
    app: App, clock: ManualClock, migrated_url: str
) -> None:
    await _sessions_and_streak(app, ("11", "Alice"), ("12", "Bob"))
    sender = await _checkins_on(app, "tue")
    await _log_at(app, clock, MONDAY, "11", "Alice")
    await _log_at(app, clock, MONDAY + timedelta(hours=1), "12", "Bob")
    tuesday = await _checkin_sent(app, clock, sender, MONDAY + timedelta(days=1, hours=9))
    await _answer(app, tuesday, "done")
    await _log_at(app, clock, MONDAY + timedelta(days=2), "11", "Alice")
    await _log_at(app, clock, MONDAY + timedelta(days=2, hours=1), "12", "Bob")
    assert await _board(app, "Lateral March") == ["🥇  1. Alice — 3 ← you", "🥈  2. Bob — 2"]
    assert await _board(app, "Streak March") == ["🥇  1. Alice — 3 ← you", "🥈  2. Bob — 1"]

    clock.advance(timedelta(hours=3))
    await _answer(app, tuesday, "skipped")
    # Ties: Alice reached 2 sessions (Wednesday 09:00) and a 1-day streak (Monday 09:00) an
    # hour before Bob did, so she is listed first.
    lateral = await _board(app, "Lateral March", "12")
    assert lateral == ["🥇  1. Alice — 2", "🥇  1. Bob — 2 ← you"]
    assert await _board(app, "Streak March", "12") == ["🥇  1. Alice — 1", "🥇  1. Bob — 1 ← you"]
    assert await boards_miscounted(migrated_url) == 0
    # The streak carries on from Wednesday, the last day left: Wednesday and Thursday make two.
    thursday = await _log_at(app, clock, MONDAY + timedelta(days=3), "11", "Alice")
    assert "Lateral March (now 3)" in thursday and "Streak March (now 2)" in thursday


async def test_answers_changed_back_and_forth_end_with_one_credit(
    app: App, clock: ManualClock, migrated_url: str
) -> None:
    await _sessions_and_streak(app, ("11", "Alice"))
    monday = await _monday_checkin(app, clock)
    for answer, score in (("done", 1), ("skipped", 0), ("done", 1), ("pain", 0), ("partly", 1)):
        clock.advance(timedelta(minutes=5))
        await _answer(app, monday, answer)
        for name in ("Lateral March", "Streak March"):
            assert await _board(app, name) == [f"🥇  1. Alice — {score} ← you"], (answer, name)
    assert await count_rows(migrated_url, CHECKIN_LOGS) == 2  # one in each challenge
    assert await boards_miscounted(migrated_url) == 0


async def test_undo_beside_a_log_on_the_same_day_keeps_the_daily_cap_right(
    app: App, clock: ManualClock
) -> None:
    await _sessions_and_streak(app, ("11", "Alice"))
    monday = await _monday_checkin(app, clock)
    await _answer(app, monday, "done")
    clock.advance(timedelta(hours=1))
    logged = await say(app, in_group("log sessions 3"))
    assert "Lateral March (now 3)" in logged and "Daily cap" in logged  # 1 + 2 of 3
    assert "Counted in" not in await say(app, in_group("log"))
    await _answer(app, monday, "skipped")
    assert await _board(app, "Lateral March") == ["🥇  1. Alice — 2 ← you"]  # the log's 2 stay
    assert await _board(app, "Streak March") == ["🥇  1. Alice — 1 ← you"]  # logged that day
    assert "Lateral March (now 3)" in await say(app, in_group("log"))  # room for one more
    assert "Counted in" not in await say(app, in_group("log"))


async def _members(url: str) -> dict[int, tuple[int, int, int]]:
    """Every member's score, tie key and version, by id."""
    sql = "SELECT id, score, tie_key, version FROM challenge_members"
    return {row[0]: tuple(row[1:]) for row in await run_sql(url, postgresql=sql, sqlite=sql)}


async def test_undo_touches_only_the_challenges_the_checkin_counted_in(
    app: App, clock: ManualClock, migrated_url: str
) -> None:
    await _challenge(app, "Lateral March")
    await _challenge(app, "Clams", "reps:clamshell")
    await _challenge(app, "Lateral March", group="2002")
    later = 'challenge create "Later" sessions 2026-03-03 2026-03-29'  # after the check-in
    assert "is on" in await mod(app, later, group="2002")
    for name, where in (("Lateral March", "1001"), ("Clams", "1001"), ("Lateral March", "2002")):
        await _join(app, name, group=where)
    await _join(app, "Lateral March", "12", "Bob")
    await _join(app, "Lateral March", "13", "Cat", group="2002")
    await _join(app, "Later", group="2002")
    monday = await _monday_checkin(app, clock)
    await _answer(app, monday, "done")  # counts in both groups' Lateral March
    assert "Clams (now 40)" in await say(app, in_group("log reps clamshell 40"))
    assert "(now 1)" in await say(app, in_group("log", "12", "Bob"))
    assert "(now 1)" in await say(app, in_group("log", "13", "Cat", group="2002"))
    clock.set(MONDAY + timedelta(days=1))
    tuesday = await say(app, in_group("log", group="2002"))
    assert "Lateral March (now 2)" in tuesday and "Later (now 1)" in tuesday
    before = await _members(migrated_url)

    await _answer(app, monday, "skipped")
    after = await _members(migrated_url)
    changed = {member for member in before if before[member] != after[member]}
    assert len(changed) == 2  # Alice in the two Lateral Marches, nobody and nothing else
    assert await _board(app, "Lateral March") == ["🥇  1. Bob — 1", "🥈  2. Alice — 0 ← you"]
    assert await _board(app, "Lateral March", group="2002") == [
        "🥇  1. Cat — 1",  # reached 1 first; Alice's 1 now is her Tuesday log
        "🥇  1. Alice — 1 ← you",
    ]
    assert await _board(app, "Clams") == ["🥇  1. Alice — 40 ← you"]
    assert await _board(app, "Later", group="2002") == ["🥇  1. Alice — 1 ← you"]
    assert await boards_miscounted(migrated_url) == 0


async def test_an_ended_challenge_keeps_its_final_board(
    app: App, clock: ManualClock, migrated_url: str
) -> None:
    await _challenge(app, "Lateral March")
    assert "is on" in await mod(app, 'challenge create "Sprint" sessions 2026-03-02 2026-03-03')
    for name in ("Lateral March", "Sprint"):
        await _join(app, name)
    monday = await _monday_checkin(app, clock)
    await _answer(app, monday, "done")
    clock.set(MONDAY + timedelta(days=3))  # Sprint ended on Tuesday at midnight
    await _answer(app, monday, "skipped")
    assert await _board(app, "Lateral March") == ["🥇  1. Alice — 0 ← you"]
    assert await _board(app, "Sprint") == ["🥇  1. Alice — 1 ← you"]
    await _answer(app, monday, "done")  # and it does not count there twice
    assert await _board(app, "Lateral March") == ["🥇  1. Alice — 1 ← you"]
    assert await _board(app, "Sprint") == ["🥇  1. Alice — 1 ← you"]
    assert await boards_miscounted(migrated_url) == 0


async def test_a_member_who_left_gets_the_score_without_it_back(
    app: App, clock: ManualClock, migrated_url: str
) -> None:
    monday = await _done_in_lateral_march(app, clock)
    assert "You left" in await say(app, in_group('challenge leave "Lateral March"'))
    await _answer(app, monday, "skipped")
    assert await boards_miscounted(migrated_url) == 0
    back = await say(app, in_group('challenge join "Lateral March"'))
    assert "your 0 sessions count again" in back
    assert await _board(app, "Lateral March") == ["🥇  1. Alice — 0 ← you"]
    assert await boards_miscounted(migrated_url) == 0


async def _only_the_log_counts(app: App, url: str) -> None:
    """The check-in is gone and the log of 2 sessions counted."""
    assert await _board(app, "Lateral March") == ["🥇  1. Alice — 2 ← you"]
    assert await count_rows(url, CHECKIN_LOGS) == 0
    assert await boards_miscounted(url) == 0


async def test_a_log_and_an_undo_at_the_same_moment_both_count(
    app: App, clock: ManualClock, migrated_url: str
) -> None:
    monday = await _done_in_lateral_march(app, clock)
    clock.advance(timedelta(minutes=5))
    await asyncio.gather(_answer(app, monday, "skipped"), say(app, in_group("log sessions 2")))
    await _only_the_log_counts(app, migrated_url)


@pytest.mark.parametrize("log_first", [True, False])
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_a_log_and_an_undo_waiting_for_the_same_member_both_count(
    app: App, clock: ManualClock, migrated_url: str, log_first: bool
) -> None:
    """Both queue behind another writer that holds Alice's member; whichever goes first, the
    other sees what it did: the undo rebuilds with the log in, or the log finds the member
    changed and credits again from the totals without the check-in."""
    monday = await _done_in_lateral_march(app, clock)
    clock.advance(timedelta(minutes=5))
    engine = create_engine_for(migrated_url)
    async with engine.connect() as other:
        await other.exec_driver_sql("SELECT id FROM challenge_members FOR UPDATE")

        async def log() -> None:
            assert "Lateral March (now" in await say(app, in_group("log sessions 2"))

        async def skip() -> None:
            await _answer(app, monday, "skipped")

        steps = [log, skip]
        waiting: list[asyncio.Task[None]] = []
        for step in steps if log_first else steps[::-1]:
            waiting.append(asyncio.create_task(step()))
            await until_waiting_for_locks(migrated_url, len(waiting))
        await other.commit()
    await engine.dispose()
    await asyncio.gather(*waiting)
    await _only_the_log_counts(app, migrated_url)
