"""The dispatcher with an injected clock: due moments, downtime, failures, snooze, pause."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.checkins.dispatch import MAX_ATTEMPTS
from bot.checkins.schedules import Status
from bot.clock import ManualClock
from bot.ports import DeliveryError, RetryLater
from bot.types import Reply
from tests.checkins.support import Core, wired

# The conftest clock starts Monday 2026-03-02 09:00 UTC; 18:00 in Berlin is 17:00 UTC.
DUE = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)


async def _on(core: Core, days: str = "mon,wed,fri", at: str = "18:00") -> None:
    replies = await core.say(f"/checkins on {days} {at} Europe/Berlin")
    assert "Check-ins on" in replies[0].text


async def _history(core: Core, athlete_id: int = 1) -> list[Status]:
    async with core.uow() as uow:
        return [item.status for item in await uow.checkins.history(athlete_id)]


async def test_checkin_goes_out_once_at_the_local_moment(
    migrated_url: str, clock: ManualClock
) -> None:
    async with wired(migrated_url, clock) as core:
        await _on(core)
        clock.set(DUE - timedelta(minutes=1))
        assert await core.dispatcher.tick() == 0
        clock.set(DUE)
        assert await core.dispatcher.tick() == 1
        user, reply = core.sender.sent[0]
        assert user == "100"
        assert "Lateral day" in reply.text and "Clamshell" in reply.text
        labels = [button.label for row in reply.buttons for button in row]
        assert labels[:4] == ["Done", "Partly", "Skipped", "Pain"]
        assert await core.dispatcher.tick() == 0
    # A restarted process (new engine, new dispatcher) does not send it again.
    async with wired(migrated_url, clock) as restarted:
        clock.advance(timedelta(minutes=5))
        assert await restarted.dispatcher.tick() == 0
        assert restarted.sender.sent == []


async def test_two_hours_of_downtime_catch_up_sends_once(
    migrated_url: str, clock: ManualClock
) -> None:
    async with wired(migrated_url, clock) as core:
        await _on(core)
        clock.set(DUE + timedelta(hours=2))
        assert await core.dispatcher.tick() == 1
        assert await core.dispatcher.tick() == 0
        assert await _history(core) == [Status.SENT]


async def test_eight_hours_of_downtime_records_missed_and_sends_nothing(
    migrated_url: str, clock: ManualClock
) -> None:
    async with wired(migrated_url, clock) as core:
        await _on(core)
        clock.set(DUE + timedelta(hours=8))
        assert await core.dispatcher.tick() == 0
        assert core.sender.sent == []
        assert await _history(core) == [Status.MISSED]
        schedule = await core.checkins.schedule(1)
        assert schedule is not None
        assert schedule.next_due_at == DUE + timedelta(days=2)  # Wednesday, still 18:00 local


async def test_days_of_downtime_never_send_a_burst(migrated_url: str, clock: ManualClock) -> None:
    async with wired(migrated_url, clock) as core:
        await _on(core, days="daily")
        # Down from Monday 16:00 UTC to Friday 18:00 UTC: five moments passed, one is fresh.
        clock.set(DUE + timedelta(days=4, hours=1))
        assert await core.dispatcher.tick() == 1
        assert len(core.sender.sent) == 1
        assert await _history(core) == [Status.MISSED] * 4 + [Status.SENT]


async def test_blocked_bot_marks_account_unreachable_and_pauses(
    migrated_url: str, clock: ManualClock
) -> None:
    async with wired(migrated_url, clock) as core:
        await _on(core)
        core.sender.unreachable.add("100")
        clock.set(DUE)
        await core.dispatcher.tick()
        await core.dispatcher.tick()  # the re-queued one finds no reachable account left
        async with core.uow() as uow:
            account = await uow.accounts.find("telegram", "100")
        assert account is not None and account.reachable is False
        schedule = await core.checkins.schedule(1)
        assert schedule is not None and not schedule.active
        clock.advance(timedelta(days=7))
        assert await core.dispatcher.tick() == 0  # nothing is attempted while paused
        # Next time they write: the reason and how to restart, once.
        core.sender.unreachable.clear()
        replies = await core.say("/checkins")
        assert any("couldn't reach you" in reply.text for reply in replies)
        assert any("/checkins on" in reply.text for reply in replies)
        replies = await core.say("/checkins")
        assert sum("couldn't reach you by direct message" in r.text for r in replies) == 0
        await core.say("/checkins on")
        clock.set(DUE + timedelta(days=9))  # Wednesday the 11th, 18:00 Berlin
        assert await core.dispatcher.tick() == 1


async def test_rate_limit_answer_is_waited_out(migrated_url: str, clock: ManualClock) -> None:
    async with wired(migrated_url, clock) as core:
        await _on(core)
        core.sender.failures = [RetryLater(5), RetryLater(2)]
        clock.set(DUE)
        assert await core.dispatcher.tick() == 1
        assert core.sleeps == [5, 2]
        assert len(core.sender.sent) == 1


async def test_network_errors_back_off_and_give_up_when_bounded(
    migrated_url: str, clock: ManualClock
) -> None:
    async with wired(migrated_url, clock) as core:
        await _on(core)
        core.sender.failures = [DeliveryError("502"), OSError("reset"), DeliveryError("503")]
        clock.set(DUE)
        assert await core.dispatcher.tick() == 0
        assert core.sleeps == [1.0, 2.0, 4.0]  # exponential backoff inside one tick
        assert await _history(core) == [Status.PENDING]
        clock.advance(timedelta(seconds=5))
        assert await core.dispatcher.tick() == 0  # backoff before the next round is longer
        clock.advance(timedelta(seconds=20))
        assert await core.dispatcher.tick() == 1  # the network is back
        assert await _history(core) == [Status.SENT]


async def test_a_platform_that_keeps_failing_is_given_up(
    migrated_url: str, clock: ManualClock
) -> None:
    async with wired(migrated_url, clock) as core:
        await _on(core)
        core.sender.failures = [DeliveryError("500")] * (3 * MAX_ATTEMPTS + 3)
        clock.set(DUE)
        for _ in range(MAX_ATTEMPTS + 2):
            await core.dispatcher.tick()
            clock.advance(timedelta(minutes=2))
        assert await _history(core) == [Status.UNDELIVERED]
        assert len(core.sleeps) == 3 * MAX_ATTEMPTS  # bounded, then it stops trying


async def test_snooze_asks_again_an_hour_later(migrated_url: str, clock: ManualClock) -> None:
    async with wired(migrated_url, clock) as core:
        await _on(core)
        clock.set(DUE)
        await core.dispatcher.tick()
        snooze = core.sender.sent[0][1].buttons[1][0].action
        replies = await core.press(snooze)
        assert replies[0].edit and "an hour" in replies[0].text
        clock.advance(timedelta(minutes=30))
        assert await core.dispatcher.tick() == 0
        clock.advance(timedelta(minutes=31))
        assert await core.dispatcher.tick() == 1
        assert core.sender.sent[1][1].buttons == core.sender.sent[0][1].buttons  # same check-in
        await core.say("/checkins snooze")
        await core.say("/checkins snooze")
        replies = await core.say("/checkins snooze")
        assert replies[0].notice and "3 times" in replies[0].text


async def test_checkins_off_then_on(migrated_url: str, clock: ManualClock) -> None:
    async with wired(migrated_url, clock) as core:
        await _on(core)
        replies = await core.say("/checkins off")
        assert "paused" in replies[0].text
        clock.set(DUE + timedelta(minutes=1))
        assert await core.dispatcher.tick() == 0
        replies = await core.say("/checkins on")
        assert "Wed 04 Mar, 18:00" in replies[0].text
        clock.set(DUE + timedelta(days=2))
        assert await core.dispatcher.tick() == 1
        assert await _history(core) == [Status.SENT]  # Monday was off: not recorded at all


async def test_stop_is_respected(migrated_url: str, clock: ManualClock) -> None:
    async with wired(migrated_url, clock) as core:
        await _on(core)
        await core.athletes.set_dms_stopped(1, True)
        clock.set(DUE)
        assert await core.dispatcher.tick() == 0
        assert core.sender.sent == [] and await _history(core) == []


async def test_already_logged_session_stays_quiet(migrated_url: str, clock: ManualClock) -> None:
    async with wired(migrated_url, clock) as core:
        await _on(core)

        async def logged(athlete_id: int, since: datetime, until: datetime) -> bool:
            return since <= DUE - timedelta(hours=2) <= until

        core.dispatcher.logged_on = logged
        clock.set(DUE)
        assert await core.dispatcher.tick() == 0
        assert await _history(core) == [Status.LOGGED]
        replies = await core.say("/progress")
        assert "Streak: 1" in replies[0].text


async def test_daily_0230_in_berlin_fires_once_per_day_across_both_dst_nights(
    migrated_url: str, clock: ManualClock
) -> None:
    async with wired(migrated_url, clock) as core:
        for night, expected in (
            (datetime(2026, 3, 28, 12, tzinfo=UTC), datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),
            (datetime(2026, 10, 24, 12, tzinfo=UTC), datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
        ):
            clock.set(night)
            await _on(core, days="sun", at="02:30")
            core.sender.sent.clear()
            sent_at = []
            for _ in range(24 * 4):  # tick every 15 minutes for a day
                if await core.dispatcher.tick():
                    sent_at.append(clock.now())
                clock.advance(timedelta(minutes=15))
            assert len(sent_at) == 1
            assert expected <= sent_at[0] < expected + timedelta(minutes=15)


async def test_graceful_stop_puts_unsent_claims_back(migrated_url: str, clock: ManualClock) -> None:
    async with wired(migrated_url, clock) as core:
        await _on(core)
        started, release = asyncio.Event(), asyncio.Event()

        async def hang(user: str, reply: Reply) -> None:
            started.set()
            await release.wait()

        core.sender.send_dm = hang  # type: ignore[method-assign,assignment]
        clock.set(DUE)
        task = asyncio.create_task(core.dispatcher.tick())
        await started.wait()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        assert await _history(core) == [Status.PENDING]
        del core.sender.send_dm
        assert await core.dispatcher.tick() == 1


async def test_weekly_summary_and_program_in_local_time(
    migrated_url: str, clock: ManualClock
) -> None:
    async with wired(migrated_url, clock) as core:
        await _on(core)
        clock.set(DUE)
        await core.dispatcher.tick()
        await core.press(core.sender.sent[0][1].buttons[0][0].action)  # Done
        core.sender.sent.clear()
        sunday_1900_berlin = datetime(2026, 3, 8, 18, 0, tzinfo=UTC)
        clock.set(sunday_1900_berlin - timedelta(minutes=1))
        assert await core.weekly.summaries() == 0
        clock.set(sunday_1900_berlin)
        assert await core.weekly.summaries() == 1
        assert await core.weekly.summaries() == 0
        text = core.sender.sent[0][1].text
        assert "Week of 02 Mar" in text and "Current streak" in text and "Next week" in text
        monday_0700_berlin = datetime(2026, 3, 9, 6, 0, tzinfo=UTC)
        clock.set(monday_0700_berlin)
        assert await core.weekly.programs() == 1
        assert await core.weekly.programs() == 0
        assert core.sender.sent[-1][1].text == "Your program for this week"


async def test_the_program_arrives_on_the_first_training_day_of_the_week(
    migrated_url: str, clock: ManualClock
) -> None:
    async with wired(migrated_url, clock) as core:
        await core.say("/checkins on tue,thu 18:00 America/New_York")
        monday_0700_new_york = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
        clock.set(monday_0700_new_york)
        assert await core.weekly.programs() == 0  # not a training day for them
        clock.set(datetime(2026, 3, 3, 12, 0, tzinfo=UTC) - timedelta(minutes=1))
        assert await core.weekly.programs() == 0
        clock.set(datetime(2026, 3, 3, 12, 0, tzinfo=UTC))  # Tuesday 07:00 in New York
        assert await core.weekly.programs() == 1
        assert core.sender.sent[-1][1].text == "Your program for this week"
