"""The program command: needs a profile, counts weeks in the athlete's timezone, adapts."""

from __future__ import annotations

from datetime import date, timedelta

from bot import rich_layout
from bot.bootstrap import App
from bot.clock import ManualClock
from bot.types import ChatRef, Incoming, Platform, Reply, UserRef

USER = UserRef(Platform.DISCORD, "77", "Jo")
DM = ChatRef(Platform.DISCORD, "77", "private")


async def say(app: App, text: str) -> list[Reply]:
    return await app.router.handle(Incoming(USER, DM, text=text))


async def set_profile(app: App, **fields: str) -> None:
    for name, value in fields.items():
        replies = await say(app, f"/profile {name} {value}")
        assert not replies[0].notice, replies[0].text


async def test_program_needs_a_complete_profile(app: App) -> None:
    await set_profile(app, goal="soften")
    replies = await say(app, "/program")
    assert replies[0].notice
    assert "equipment, level, days" in replies[0].text


async def test_program_is_one_private_reply_with_header_sessions_and_notes(app: App) -> None:
    await set_profile(app, goal="soften", equipment="bands", level="beginner", days="3")
    (reply,) = await say(app, "/program")
    assert reply.private
    assert reply.text.startswith("Week 1")
    sections = reply.body.sections
    days = [rich_layout.inline_plain(section.title).split(":")[0] for section in sections[:-1]]
    assert days == ["Monday", "Wednesday", "Friday"]
    assert "Cable" not in reply.text
    assert rich_layout.inline_plain(sections[-1].title).startswith("Notes")


async def test_week_number_advances_with_the_calendar(app: App, clock: ManualClock) -> None:
    await set_profile(app, goal="strength", equipment="none", level="intermediate", days="2")
    athlete = await app.services.athletes.identify(USER)
    assert await app.services.programs.current_week(athlete) == 1
    clock.advance(timedelta(days=15))
    assert await app.services.programs.current_week(athlete) == 3
    replies = await say(app, "/program 5")
    assert replies[0].text.startswith("Week 5 (deload)")


async def test_bad_week_is_refused(app: App) -> None:
    await set_profile(app, goal="soften", equipment="gym", level="advanced", days="4")
    for text in ("/program soon", "/program 0", "/program 9999"):
        replies = await say(app, text)
        assert replies[0].notice, text


async def test_session_on_a_rest_day_is_none(app: App) -> None:
    await set_profile(app, goal="soften", equipment="gym", level="advanced", days="2")
    athlete = await app.services.athletes.identify(USER)
    monday = date(2026, 3, 2)
    assert await app.services.programs.session_on(athlete, monday) is not None
    assert await app.services.programs.session_on(athlete, monday + timedelta(days=1)) is None


async def test_pain_reported_in_a_checkin_swaps_the_exercise_next_week(
    app: App, clock: ManualClock
) -> None:
    from tests.checkins.support import RecordingSender

    sender = RecordingSender()
    app.senders[Platform.DISCORD] = sender
    await set_profile(app, goal="soften", equipment="bands", level="beginner", days="3")
    await say(app, "/checkins on mon,wed,fri 18:00")
    athlete = await app.services.athletes.identify(USER)
    first_week = await app.services.programs.week(athlete)
    clock.set(clock.now().replace(hour=18, minute=1))
    dispatch = next(job for job in app.periodic_jobs if job.name == "checkins.dispatch")
    await dispatch.run()
    checkin = sender.sent[-1][1]
    monday = first_week.sessions[0]
    assert monday.title in checkin.text
    pain = await app.router.handle(Incoming(USER, DM, action=checkin.buttons[0][3].action))
    hurt = monday.exercises[1].exercise_id
    which = next(b for row in pain[0].buttons for b in row if b.action.endswith(f":{hurt}"))
    await app.router.handle(Incoming(USER, DM, action=which.action))
    clock.advance(timedelta(days=7))
    next_week = await app.services.programs.week(athlete)
    assert next_week.week == 2
    assert hurt not in {item.exercise_id for s in next_week.sessions for item in s.exercises}
    assert any("physio" in note.lower() for note in next_week.notes)


async def test_moving_the_timezone_back_before_week_one_still_shows_week_one(
    app: App, clock: ManualClock
) -> None:
    # Monday 03:00 UTC: week 1 starts today (default UTC) ...
    clock.set(clock.now().replace(hour=3))
    await set_profile(app, goal="soften", equipment="bands", level="beginner", days="3")
    assert (await say(app, "/program"))[0].text.startswith("Week 1")
    # ... but it is still Sunday evening where the athlete lives.
    await set_profile(app, timezone="America/Los_Angeles")
    replies = await say(app, "/program")
    assert not replies[0].notice, replies[0].text
    assert replies[0].text.startswith("Week 1")
    athlete = await app.services.athletes.identify(USER)
    assert await app.services.programs.current_week(athlete) == 1
