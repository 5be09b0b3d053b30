"""Check-ins fed by the real program feature and the training log, as bootstrap wires them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.bootstrap import App
from bot.checkins.sources import ProgramSessions, logged_from_history
from bot.clock import ManualClock
from bot.i18n import english
from bot.programs.service import ProgramService
from bot.training_log.rules import TrainingEntry
from bot.types import ChatRef, Incoming, Platform, UserRef
from knowledge.exercises import load_exercises
from tests.checkins.support import RecordingSender, wired

DUE = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)


async def test_checkin_names_the_programs_session_and_feeds_back(
    migrated_url: str, clock: ManualClock
) -> None:
    async with wired(migrated_url, clock) as core:
        programs = ProgramService(core.uow, load_exercises(), clock, "UTC")
        programs.use_feedback(core.checkins.weeks_feedback)
        core.dispatcher._sessions = ProgramSessions(programs)
        for field, value in (("goal", "soften"), ("equipment", "bands"), ("level", "beginner")):
            await core.say(f"/profile {field} {value}")
        await core.say("/profile days 3")
        await core.say("/checkins on mon,wed,fri 18:00 Europe/Berlin")
        expected = await programs.session_on(1, DUE.date())
        clock.set(DUE)
        assert await core.dispatcher.tick() == 1
        text = core.sender.sent[0][1].text
        assert expected is not None  # three days a week start on Monday
        assert expected.title in text
        assert all(item.name in text for item in expected.exercises)
        pain = await core.press(core.sender.sent[0][1].buttons[0][3].action)
        await core.press(pain[0].buttons[0][0].action)  # the first exercise hurt
        feedback = await core.checkins.week_feedback(1, DUE.date())
        assert feedback[2] == frozenset({expected.exercises[0].exercise_id})
        weekly = await ProgramSessions(programs).weekly_program(1, english())
        assert weekly and weekly[0].title == "Your program"


async def test_a_logged_session_keeps_the_checkin_quiet(
    migrated_url: str, clock: ManualClock
) -> None:
    logs = [TrainingEntry(1, "reps", "clamshell", 30, DUE - timedelta(hours=3))]

    async def history(athlete_id: int) -> list[TrainingEntry]:
        return list(logs)

    async with wired(migrated_url, clock) as core:
        core.dispatcher.logged_on = logged_from_history(history)
        await core.say("/checkins on mon,wed,fri 18:00 Europe/Berlin")
        clock.set(DUE)
        assert await core.dispatcher.tick() == 1  # reps alone are not a whole session
        naive = (DUE + timedelta(days=2, hours=-1)).replace(tzinfo=None)
        logs.append(TrainingEntry(1, "sessions", None, 1, naive))
        clock.set(DUE + timedelta(days=2))
        assert await core.dispatcher.tick() == 0  # logged an hour before Wednesday's check-in
        assert len(core.sender.sent) == 1


async def test_a_week_without_checkins_sends_no_summary(
    migrated_url: str, clock: ManualClock
) -> None:
    async with wired(migrated_url, clock) as core:
        await core.say("/checkins on sat 18:00 Europe/Berlin")
        clock.set(datetime(2026, 3, 8, 18, 0, tzinfo=UTC))  # Sunday 19:00 Berlin
        assert await core.weekly.summaries() == 0
        assert core.sender.sent == []


async def test_bootstrapped_app_dispatches_through_senders_added_after_start(
    app: App, clock: ManualClock
) -> None:
    names = [job.name for job in app.periodic_jobs]
    assert {"checkins.dispatch", "checkins.weekly_summary", "checkins.weekly_program"} <= set(names)
    sender = RecordingSender()
    app.senders[Platform.TELEGRAM] = sender  # what the runtime does once adapters start
    user = UserRef(Platform.TELEGRAM, "42", "Ada")
    chat = ChatRef(Platform.TELEGRAM, "42")
    await app.router.handle(Incoming(user, chat, text="/checkins on mon 18:00 Europe/Berlin"))
    clock.set(DUE)
    dispatch = next(job for job in app.periodic_jobs if job.name == "checkins.dispatch")
    await dispatch.run()
    assert [who for who, _ in sender.sent] == ["42"]
    buttons = sender.sent[0][1].buttons
    replies = await app.router.handle(Incoming(user, chat, action=buttons[0][0].action))
    assert replies[0].edit and "Done" in replies[0].text


async def test_answer_toggled_back_to_done_counts_once_in_a_challenge(
    app: App, clock: ManualClock
) -> None:
    sender = RecordingSender()
    app.senders[Platform.TELEGRAM] = sender
    user = UserRef(Platform.TELEGRAM, "42", "Ada")
    chat = ChatRef(Platform.TELEGRAM, "42")
    group = ChatRef(Platform.TELEGRAM, "-100", "group", "Hip Club", channel_id="-100")
    create = '/challenge create "March" sessions 2026-03-02 2026-03-29'
    await app.router.handle(Incoming(user, group, text=create, is_moderator=True))
    await app.router.handle(Incoming(user, group, text='/challenge join "March"'))
    await app.router.handle(Incoming(user, chat, text="/checkins on mon 18:00 Europe/Berlin"))
    clock.set(DUE)
    dispatch = next(job for job in app.periodic_jobs if job.name == "checkins.dispatch")
    await dispatch.run()
    buttons = {b.label: b.action for row in sender.sent[0][1].buttons for b in row}
    for label in ("Done", "Skipped", "Done", "Partly"):
        await app.router.handle(Incoming(user, chat, action=buttons[label]))
    board = await app.router.handle(Incoming(user, group, text="/leaderboard"))
    assert "Ada — 1" in board[0].text
