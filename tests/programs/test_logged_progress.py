"""Through the router on both databases: `log` with sets, load and effort, and a check-in's
result buttons, steer next week's program."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.bootstrap import App
from bot.checkins.sources import ProgramSessions
from bot.clock import ManualClock
from bot.programs.service import ProgramService
from bot.training_log.rules import LiftDetail
from knowledge.exercises import load_exercises
from tests.challenges.helpers import in_private, say
from tests.checkins.support import wired

DUE = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)


async def _profile(app: App, equipment: str) -> None:
    for field, value in (
        ("goal", "soften"),
        ("equipment", equipment),
        ("level", "intermediate"),
        ("days", "3"),
        ("timezone", "UTC"),
    ):
        await say(app, in_private(f"profile {field} {value}"))


async def test_a_logged_top_set_raises_next_weeks_load(app: App, clock: ManualClock) -> None:
    await _profile(app, "gym")
    athlete = await app.services.athletes.identify(in_private("x").user, in_private("x").chat)
    first = await app.services.programs.week(athlete)
    main = first.sessions[0].exercises[1]
    assert (main.exercise_id, main.load) == ("barbell-hip-thrust", None)
    reply = await say(app, in_private("log reps barbell-hip-thrust 3x12 @60kg rir 2"))
    assert "Logged 36 barbell-hip-thrust reps (3x12, at 60 kg, RIR 2" in reply
    await say(app, in_private("log reps barbell-romanian-deadlift 10 @70kg"))
    clock.set(clock.now() + timedelta(days=7))
    second = await app.services.programs.week(athlete)
    assert second.week == 2
    assert second.sessions[0].exercises[1].load == "62.5 kg"
    hinge = next(i for s in second.sessions for i in s.exercises if "romanian" in i.exercise_id)
    assert hinge.load == "70 kg" and "Stay at 70 kg" in hinge.cue  # 10 of 8-12: not the top
    text = "\n".join(r.text for r in await app.router.handle(in_private("program")))
    assert "62.5 kg" in text and "RIR" in text


async def test_plain_totals_still_count_for_challenges_but_not_for_the_program(
    app: App, clock: ManualClock
) -> None:
    await _profile(app, "gym")
    reply = await say(app, in_private("log reps barbell-hip-thrust 40"))
    assert reply.startswith("Logged 40 barbell-hip-thrust reps.")
    clock.set(clock.now() + timedelta(days=7))
    athlete = await app.services.athletes.identify(in_private("x").user, in_private("x").chat)
    assert (await app.services.programs.week(athlete)).sessions[0].exercises[1].load is None


async def test_bad_log_detail_is_refused_and_nothing_is_stored(app: App) -> None:
    await _profile(app, "gym")
    reply = await say(app, in_private("log reps barbell-hip-thrust 3x12 @<b>heavy</b>"))
    assert "load" in reply
    athlete = await app.services.athletes.identify(in_private("x").user, in_private("x").chat)
    assert await app.services.training_log.history(athlete) == []


async def test_checkin_result_buttons_record_whether_the_top_was_reached(
    migrated_url: str, clock: ManualClock
) -> None:
    async with wired(migrated_url, clock) as core:
        programs = ProgramService(core.uow, load_exercises(), clock, "UTC")
        core.dispatcher._sessions = ProgramSessions(programs)
        for field, value in (("goal", "soften"), ("equipment", "none"), ("level", "beginner")):
            await core.say(f"/profile {field} {value}")
        await core.say("/profile days 3")
        await core.say("/checkins on mon,wed,fri 18:00 UTC")
        week_one = await programs.week(1)
        clock.set(DUE + timedelta(hours=1))
        assert await core.dispatcher.tick() == 1
        message = core.sender.sent[0][1]
        answered = await core.press(message.buttons[0][0].action)  # Done
        rated = await core.press(answered[0].buttons[0][2].action)  # effort 3
        rows = rated[0].buttons
        working = [i for i in week_one.sessions[0].exercises if i.purpose == "working"]
        assert len(rows) == len(working) and "top of its range" in rated[0].text
        noted = await core.press(rows[0][0].action)  # the main lift reached the top
        assert noted[0].text.startswith(f"Noted: {working[0].name}")
        await core.press(rows[1][1].action)  # the next one fell short
        await core.press(rows[1][0].action)  # ... no, it reached the top: the answer changes
        clock.set(DUE + timedelta(days=7))
        week_two = await programs.week(1)
        items = [i for i in week_two.sessions[0].exercises if i.purpose == "working"]
        assert items[0].step == 1 and items[1].step == 1
        assert items[0].exercise_id != working[0].exercise_id  # a harder bodyweight variant


async def test_the_training_log_reads_back_each_entry_with_its_sets(app: App) -> None:
    await _profile(app, "gym")
    await say(app, in_private("log reps barbell-hip-thrust 3x12 @40kg rir 2"))
    await say(app, in_private("log sessions 1"))
    athlete = await app.services.athletes.identify(in_private("x").user, in_private("x").chat)
    lifts, session = await app.services.training_log.history(athlete)
    assert (lifts.kind, lifts.exercise_id, lifts.amount) == ("reps", "barbell-hip-thrust", 36)
    assert lifts.detail == LiftDetail(set_reps=12, sets=3, load="40 kg", rir=2)
    assert (session.kind, session.amount, session.detail) == ("sessions", 1, None)
