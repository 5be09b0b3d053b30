"""Logging, caps, check-in credit, ties, leave / re-join (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.bootstrap import App
from bot.clock import ManualClock

from .helpers import in_group, in_private, mod, say

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def _setup(app: App, metric: str = "sessions", name: str = "Lateral March") -> None:
    assert "is on" in await mod(app, f'challenge create "{name}" {metric} 2026-03-02 2026-03-29')


async def _join(app: App, user: str, who: str, name: str = "Lateral March") -> None:
    assert "joined" in await say(app, in_group(f'challenge join "{name}"', user, who))


async def test_log_credits_joined_challenges_with_a_daily_cap(app: App) -> None:
    await _setup(app)
    await _setup(app, "streak", "Streak March")
    await _setup(app, "reps:clamshell", "Clams")
    for name in ("Lateral March", "Streak March", "Clams"):
        await _join(app, "11", "Alice", name)
    first = await say(app, in_group("log sessions 2"))
    assert "Logged 2 sessions." in first
    assert "Lateral March (now 2)" in first and "Streak March (now 1)" in first
    assert "Clams" not in first  # a session is not clamshell reps
    capped = await say(app, in_group("log sessions 2"))
    assert "Lateral March (now 3)" in capped and "Daily cap" in capped
    assert "Counted in" not in await say(app, in_group("log"))  # 4th session today: nothing
    reps = await say(app, in_group("log reps clamshell 40"))
    assert "Logged 40 clamshell reps." in reps and "Clams (now 40)" in reps
    board = await say(app, in_group('leaderboard "Clams"'))
    assert "🥇  1. Alice — 40 ← you" in board


async def test_bad_amounts_are_refused_and_nothing_is_recorded(app: App) -> None:
    await _setup(app)
    await _join(app, "11", "Alice")
    for text, expected in {
        "log sessions 0": "positive whole number",
        "log sessions -1": "positive whole number",
        "log sessions 1.5": "positive whole number",
        "log sessions 4": "At most 3 sessions",
        "log reps clamshell 1001": "At most 1,000 reps",
        "log reps moonwalk 10": "Exercise ids",
        "log reps clamshell": "Use /log",
        "log pushups 5": "Use /log",
    }.items():
        assert expected in await say(app, in_group(text)), text
    assert "Alice — 0" in await say(app, in_group("leaderboard"))
    athlete = await app.services.athletes.identify(in_group("x").user)
    assert await app.services.training_log.history(athlete) == []


async def test_logs_outside_the_dates_do_not_count(app: App, clock: ManualClock) -> None:
    assert "is on" in await mod(app, 'challenge create "Later" sessions 2026-03-05 2026-03-06')
    await _join(app, "11", "Alice", "Later")
    assert "Counted in" not in await say(app, in_group("log"))  # before the start
    clock.set(datetime(2026, 3, 5, 0, 30, tzinfo=UTC))
    assert "Later (now 1)" in await say(app, in_group("log"))
    clock.set(datetime(2026, 3, 7, 0, 0, tzinfo=UTC))  # the end date is over at midnight
    assert "Counted in" not in await say(app, in_group("log"))
    athlete = await app.services.athletes.identify(in_group("x").user)
    assert len(await app.services.training_log.history(athlete)) == 3  # still in their history


async def test_ties_share_ranks_in_a_stable_order(app: App, clock: ManualClock) -> None:
    await _setup(app)
    for user, who in (("1", "Ann"), ("2", "Bob"), ("3", "Cat"), ("4", "Dan")):
        await _join(app, user, who)
    await say(app, in_group("log sessions 3", "1", "Ann"))
    clock.advance(timedelta(minutes=1))
    await say(app, in_group("log sessions 2", "3", "Cat"))  # Cat reaches 2 before Bob
    clock.advance(timedelta(minutes=1))
    await say(app, in_group("log sessions 2", "2", "Bob"))
    board = await say(app, in_group("leaderboard", "4", "Dan"))
    lines = board.splitlines()
    assert lines[0] == "Lateral March · sessions · 28 days left · 4 members"
    assert lines[1:] == [
        "🥇  1. Ann — 3",
        "🥈  2. Cat — 2",
        "🥈  2. Bob — 2",
        "▫️  4. Dan — 0 ← you",
    ]


async def test_my_rank_outside_the_top_ten(app: App) -> None:
    await _setup(app)
    for n in range(12):
        await _join(app, str(100 + n), f"P{n}")
        if n < 11:
            await say(app, in_group(f"log sessions {1 + n % 3}", str(100 + n), f"P{n}"))
    board = await say(app, in_group("leaderboard", "111", "P11"))
    lines = board.splitlines()
    assert len(lines) == 1 + 10 + 2
    assert lines[-2] == "  …" and lines[-1] == "▫️ 12. P11 — 0 ← you"


async def test_leave_hides_and_rejoin_restores(app: App) -> None:
    await _setup(app)
    await _join(app, "1", "Ann")
    await _join(app, "2", "Bob")
    await say(app, in_group("log sessions 3", "1", "Ann"))
    assert "You left" in await say(app, in_group('challenge leave "Lateral March"', "1", "Ann"))
    board = await say(app, in_group("leaderboard", "2", "Bob"))
    assert "Ann" not in board and "1 member" in board and "🥇  1. Bob — 0" in board
    assert "Counted in" not in await say(app, in_group("log", "1", "Ann"))  # left: no credit
    assert "not in" in await say(app, in_group('challenge leave "Lateral March"', "1", "Ann"))
    back = await say(app, in_group('challenge join "Lateral March"', "1", "Ann"))
    assert "Welcome back" in back and "3" in back
    assert "🥇  1. Ann — 3" in await say(app, in_group("leaderboard", "2", "Bob"))
    assert "already in" in await say(app, in_group('challenge join "Lateral March"', "1", "Ann"))


async def test_done_checkin_credits_sessions_and_streak(app: App, clock: ManualClock) -> None:
    await _setup(app)
    await _setup(app, "streak", "Streak March")
    await _setup(app, "reps:clamshell", "Clams")
    for name in ("Lateral March", "Streak March", "Clams"):
        await _join(app, "11", "Alice", name)
    athlete = await app.services.athletes.identify(in_group("x").user)
    challenges = app.services.challenges
    await challenges.credit_checkin(athlete, MONDAY + timedelta(hours=9))
    await challenges.credit_checkin(athlete, MONDAY + timedelta(days=1, hours=9))
    await challenges.credit_checkin(athlete, MONDAY - timedelta(days=1))  # before the start
    clock.set(MONDAY + timedelta(days=1, hours=10))
    assert "Alice — 2" in await say(app, in_group('leaderboard "Lateral March"'))
    assert "Alice — 2" in await say(app, in_group('leaderboard "Streak March"'))
    assert "Alice — 0" in await say(app, in_group('leaderboard "Clams"'))
    # check-ins respect the daily session cap too
    for minute in range(4):  # four check-ins that day (each check-in is its own moment)
        at = MONDAY + timedelta(days=1, hours=11, minutes=minute)
        await challenges.credit_checkin(athlete, at)
    assert "Alice — 4" in await say(app, in_group('leaderboard "Lateral March"'))
    # the same check-in again (answer changed back to Done) does not count twice
    await challenges.credit_checkin(athlete, MONDAY + timedelta(days=2, hours=9))
    await challenges.credit_checkin(athlete, MONDAY + timedelta(days=2, hours=9))
    clock.set(MONDAY + timedelta(days=2, hours=10))
    assert "Alice — 5" in await say(app, in_group('leaderboard "Lateral March"'))


async def test_streak_from_logs_and_a_late_checkin(app: App, clock: ManualClock) -> None:
    await _setup(app, "streak", "Streak March")
    await _join(app, "11", "Alice", "Streak March")
    athlete = await app.services.athletes.identify(in_group("x").user)
    for day in (0, 1, 3):
        clock.set(MONDAY + timedelta(days=day))
        await say(app, in_group("log"))
    assert "Alice — 2" in await say(app, in_group("leaderboard"))
    # the check-in for Thursday (day 2) is answered late: the gap closes, the run is 4 days
    await app.services.challenges.credit_checkin(athlete, MONDAY + timedelta(days=2))
    assert "Alice — 4" in await say(app, in_group("leaderboard"))


async def test_private_log_credits_every_group(app: App) -> None:
    await _setup(app)
    await mod(app, 'challenge create "Lateral March" sessions 2026-03-02 2026-03-29', group="2002")
    await _join(app, "11", "Alice")
    assert "joined" in await say(app, in_group('challenge join "Lateral March"', group="2002"))
    private = await say(app, in_private("log"))
    assert private.count("Lateral March (now 1)") == 2


async def test_forgotten_members_leave_the_counts(app: App) -> None:
    await _setup(app)
    for n in range(11):
        await _join(app, str(200 + n), f"Q{n}")
        await say(app, in_group("log", str(200 + n), f"Q{n}"))
    await _join(app, "2", "Bob")
    await say(app, in_group("log sessions 3", "2", "Bob"))
    await _join(app, "1", "Ann")
    assert "13. Ann — 0 ← you" in await say(app, in_group("leaderboard", "1", "Ann"))
    bob = await app.services.athletes.identify(in_group("x", "2").user)
    assert await app.services.privacy.forget(bob)
    board = await say(app, in_group("leaderboard", "1", "Ann"))
    assert "Bob" not in board and "12 members" in board
    assert board.splitlines()[-1] == "▫️ 12. Ann — 0 ← you"
