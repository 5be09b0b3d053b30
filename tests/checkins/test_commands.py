"""The text commands and buttons as a user sees them; bad input changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.types import ChatRef, Incoming, Platform, Reply, UserRef
from tests.checkins.support import Core, wired

DUE = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)


async def _delivered(core: Core) -> dict[str, str]:
    """Turn check-ins on, deliver Monday's, and return its buttons by label."""
    await core.say("/checkins on mon,wed,fri 18:00 Europe/Berlin")
    core.clock.set(DUE)
    assert await core.dispatcher.tick() == 1
    reply = core.sender.sent[-1][1]
    return {button.label: button.action for row in reply.buttons for button in row}


@pytest.mark.parametrize(
    ("arguments", "complaint"),
    [
        ("on funday 18:00", "Days are a comma list"),
        ("on mon,wed 25:00", "HH:MM"),
        ("on mon 18:00 Mars/Olympus", "timezone"),
        ("on mon", "Use /checkins on"),
        ("on mon 18:00 Europe/Berlin extra", "Use /checkins on"),
        ("sometimes", "Use /checkins on"),
    ],
)
async def test_bad_schedule_is_refused_and_nothing_is_stored(
    migrated_url: str, clock: ManualClock, arguments: str, complaint: str
) -> None:
    async with wired(migrated_url, clock) as core:
        replies = await core.say(f"/checkins {arguments}")
        assert replies[0].notice and complaint in replies[0].text
        assert await core.checkins.schedule(1) is None


async def test_schedule_uses_profile_timezone_and_confirms_local_moment(
    migrated_url: str, clock: ManualClock
) -> None:
    async with wired(migrated_url, clock) as core:
        await core.say("/profile timezone America/New_York")
        replies = await core.say("/checkins on tue,thu 07:30")
        assert "Tue, Thu at 07:30 (America/New_York)" in replies[0].text
        assert "Next check-in: Tue 03 Mar, 07:30" in replies[0].text
        replies = await core.say("/checkins")
        assert "Next check-in: Tue 03 Mar, 07:30" in replies[0].text


async def test_done_asks_difficulty_and_credits_a_session_once(
    migrated_url: str, clock: ManualClock
) -> None:
    async with wired(migrated_url, clock) as core:
        buttons = await _delivered(core)
        replies = await core.press(buttons["Done"])
        assert replies[0].edit and "Your answer: Done" in replies[0].text
        assert "Streak: 1" in replies[0].text
        difficulty = {b.label: b.action for row in replies[0].buttons for b in row}
        assert set(difficulty) == {str(n) for n in range(1, 11)}
        replies = await core.press(difficulty["9"])
        assert replies[0].edit and "effort 9/10" in replies[0].text
        await core.press(buttons["Partly"])  # changing the answer does not credit again
        assert core.credited == [(1, DUE)]
        adherence, too_hard, pain = await core.checkins.week_feedback(1, date(2026, 3, 2))
        assert adherence == 0.5 and too_hard is True and pain == frozenset()


async def test_correcting_a_mistaken_skip_to_done_credits_the_session(
    migrated_url: str, clock: ManualClock
) -> None:
    async with wired(migrated_url, clock) as core:
        buttons = await _delivered(core)
        await core.press(buttons["Skipped"])
        await core.press(buttons["Done"])
        assert core.credited == [(1, DUE)]


async def test_pain_asks_which_exercise_and_feeds_next_week(
    migrated_url: str, clock: ManualClock
) -> None:
    async with wired(migrated_url, clock) as core:
        buttons = await _delivered(core)
        replies = await core.press(buttons["Pain"])
        assert "physiotherapist" in replies[0].text
        choices = {b.label: b.action for row in replies[0].buttons for b in row}
        assert "Clamshell" in choices and "Not sure" in choices
        replies = await core.press(choices["Clamshell"])
        assert "Clamshell" in replies[0].text
        assert core.credited == []
        feedback = await core.checkins.week_feedback(1, date(2026, 3, 2))
        assert feedback == (None, False, frozenset({"clamshell"}))


async def test_stale_forged_or_foreign_buttons_change_nothing(
    migrated_url: str, clock: ManualClock
) -> None:
    async with wired(migrated_url, clock) as core:
        buttons = await _delivered(core)
        checkin_id = buttons["Done"].split(":")[1]
        for action in (
            "ci:999:done",
            "ci:abc:done",
            f"ci:{checkin_id}:maybe",
            f"cd:{checkin_id}:11",
            f"cd:{checkin_id}:5",  # not answered yet
            f"cp:{checkin_id}:clamshell",  # not a pain answer
            f"ci:{checkin_id}",
        ):
            replies = await core.press(action)
            assert replies[0].notice, action
        # Someone else pressing this athlete's button (forwarded message) gets the same notice.
        replies = await core.press(buttons["Done"], user="200")
        assert replies[0].notice
        async with core.uow() as uow:
            history = await uow.checkins.history(1)
        assert [item.status.value for item in history] == ["sent"]
        assert core.credited == []


async def test_buttons_still_work_after_a_restart(migrated_url: str, clock: ManualClock) -> None:
    async with wired(migrated_url, clock) as core:
        buttons = await _delivered(core)
    async with wired(migrated_url, clock) as restarted:
        replies = await restarted.press(buttons["Skipped"])
        assert replies[0].edit and "Skipped" in replies[0].text


async def test_progress_shows_streak_adherence_and_a_png_chart(
    migrated_url: str, clock: ManualClock
) -> None:
    async with wired(migrated_url, clock) as core:
        buttons = await _delivered(core)
        await core.press(buttons["Done"])
        clock.set(DUE + timedelta(days=2))
        await core.dispatcher.tick()
        wednesday = {b.label: b.action for row in core.sender.sent[-1][1].buttons for b in row}
        await core.press(wednesday["Partly"])
        replies = await core.say("/progress")
        reply = replies[0]
        assert "Streak: 2" in reply.text and "Check-in sessions done: 2" in reply.text
        assert "week of 02 Mar: 75%" in reply.text
        (chart,) = reply.attachments
        assert chart.mime_type == "image/png" and chart.data.startswith(b"\x89PNG")
        assert len(chart.data) > 5_000


async def test_progress_with_no_history_still_answers(
    migrated_url: str, clock: ManualClock
) -> None:
    async with wired(migrated_url, clock) as core:
        replies = await core.say("/progress")
        assert "No check-ins yet" in replies[0].text
        assert replies[0].attachments == ()  # an empty chart would say nothing


async def test_progress_counts_sessions_logged_by_hand(app: App) -> None:
    user = UserRef(Platform.TELEGRAM, "9001", "Lee")
    dm = ChatRef(Platform.TELEGRAM, "9001", "private")
    for text in ("/log", "/log sessions 2"):
        await app.router.handle(Incoming(user, dm, text=text))
    (reply, *_) = await app.router.handle(Incoming(user, dm, text="/progress"))
    assert "Sessions logged with /log: 3" in reply.text
    assert "Check-in sessions done: 0" in reply.text


async def test_an_answer_given_while_the_resend_goes_out_is_kept(
    migrated_url: str, clock: ManualClock
) -> None:
    async with wired(migrated_url, clock) as core:
        buttons = await _delivered(core)
        await core.press(buttons["Snooze 1 h"])
        original_send = core.sender.send_dm

        async def tap_done_while_sending(user: str, reply: Reply) -> None:
            await core.press(buttons["Done"])  # the user answers the first message meanwhile
            await original_send(user, reply)

        core.sender.send_dm = tap_done_while_sending  # type: ignore[method-assign]
        clock.set(DUE + timedelta(hours=1, minutes=1))
        await core.dispatcher.tick()
        history = await core.checkins.progress(1)
        assert history.sessions_done == 1  # still Done, not reset to "waiting for an answer"
