"""Members who only ever use the bot in a server: DMs the core starts still reach them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.bootstrap import App
from bot.clock import ManualClock
from handlers.discord.runner import DiscordRunner
from tests.discord.fake_discord import FakeDiscord, Person, Sent

OPEN_DM = ("POST", "/api/v10/users/@me/channels")
MESSAGES = r"/channels/\d+/messages"


async def _run_checkin_jobs(app: App) -> None:
    """The check-in dispatcher and the weekly jobs, as the scheduler runs them."""
    for job in app.periodic_jobs:
        if job.name.startswith("checkins."):
            await job.run()


def _dms(fake: FakeDiscord, person: Person) -> list[Sent]:
    return [post for post in fake.channel_posts if post.channel_id == fake.dm_channel_id(person)]


async def test_a_member_who_never_wrote_privately_gets_checkins_and_weekly_dms(
    runner: DiscordRunner, discord_app: App, fake: FakeDiscord, member: Person, clock: ManualClock
) -> None:
    profile: dict[str, Any] = {"goal": "soften", "equipment": "none", "level": "beginner"}
    await (await fake.slash(member, "profile", days=2, **profile)).wait(2)
    on = await fake.slash(member, "checkins", sub="on", days="mon,thu", time="09:30")
    (answer,) = await on.wait(1)
    assert answer.ephemeral and "Next check-in: Mon 02 Mar, 09:30 (UTC)." in answer.text
    assert "direct messages" in answer.text  # where they will come
    assert OPEN_DM not in fake.requests and _dms(fake, member) == []

    clock.advance(timedelta(minutes=31))
    await _run_checkin_jobs(discord_app)
    assert OPEN_DM in fake.requests  # the bot opened the DM channel itself
    (checkin,) = _dms(fake, member)
    assert checkin.embeds[0]["title"] == "Monday check-in"
    done = next(cid for cid in checkin.custom_ids if cid.endswith(":done"))
    answered = await (await fake.press(member, checkin, done)).wait(1)
    assert answered[0].embeds[0]["title"] == "Monday check-in"  # the update keeps the title
    assert "Your answer: Done." in answered[0].text

    clock.set(datetime(2026, 3, 8, 19, 0, 30, tzinfo=UTC))  # Sunday evening: the summary
    await _run_checkin_jobs(discord_app)
    clock.set(datetime(2026, 3, 9, 7, 0, 30, tzinfo=UTC))  # Monday morning: the new program
    await _run_checkin_jobs(discord_app)
    titles = [post.embeds[0]["title"] for post in _dms(fake, member) if post.embeds]
    assert "Your week" in titles and "Your program" in titles


async def test_closed_dms_pause_checkins_and_the_server_is_told_privately(
    runner: DiscordRunner, discord_app: App, fake: FakeDiscord, member: Person, clock: ManualClock
) -> None:
    await (await fake.slash(member, "checkins", sub="on", days="mon,thu", time="09:30")).wait(1)
    closed = {"message": "Cannot send messages to this user", "code": 50007}
    fake.fail("POST", MESSAGES, 403, closed)
    clock.advance(timedelta(minutes=31))
    await _run_checkin_jobs(discord_app)
    assert _dms(fake, member) == []
    clock.set(datetime(2026, 3, 5, 9, 31, tzinfo=UTC))  # Thursday's moment: paused, not tried
    posts = len(fake.channel_posts)
    await _run_checkin_jobs(discord_app)
    assert len(fake.channel_posts) == posts and fake.failures == []

    sent = await (await fake.slash(member, "help")).wait(2)  # next time, in the server
    notice = sent[-1]
    assert notice.ephemeral and "I couldn't reach you by direct message" in notice.text
    assert "Mon, Thu at 09:30 (UTC)." in notice.text and "((" not in notice.text
    shown = (await (await fake.slash(member, "checkins", sub="show")).wait(1))[0]
    assert "Check-ins are paused because I couldn't reach you: Mon, Thu at 09:30 (UTC)." in (
        shown.text
    )

    on = await (await fake.slash(member, "checkins", sub="on", days="mon,thu", time="09:30")).wait()
    assert "Next check-in: Mon 09 Mar, 09:30" in on[0].text  # DMs allowed again: tried again
    clock.set(datetime(2026, 3, 9, 9, 31, tzinfo=UTC))
    await _run_checkin_jobs(discord_app)
    assert [post.embeds[0]["title"] for post in _dms(fake, member)] == ["Monday check-in"]


async def test_first_command_in_a_server_shows_the_disclaimer_only_to_the_caller(
    runner: DiscordRunner, fake: FakeDiscord, member: Person, moderator: Person
) -> None:
    window: dict[str, Any] = {"metric": "sessions", "start": "2026-03-02", "end": "2026-03-31"}
    sent = await (
        await fake.slash(moderator, "challenge-admin", sub="create", name="M", **window)
    ).wait(2)
    assert not sent[0].ephemeral and "M is on" in sent[0].text
    assert sent[1].ephemeral and "not medical advice" in sent[1].text


async def test_ending_a_challenge_posts_the_board_once(
    runner: DiscordRunner, discord_app: App, fake: FakeDiscord, member: Person, moderator: Person
) -> None:
    window: dict[str, Any] = {"metric": "sessions", "start": "2026-03-02", "end": "2026-03-31"}
    await (await fake.slash(moderator, "challenge-admin", sub="create", name="M", **window)).wait()
    await (await fake.slash(member, "challenge", sub="join", name="M")).wait()
    await (await fake.slash(member, "log", sessions=2)).wait()
    ended = await (await fake.slash(moderator, "challenge-admin", sub="end", name="M")).wait(1)
    assert ended[0].text == "Challenge ended\nM is over: I've posted the results."
    (results,) = fake.channel_posts
    assert results.embeds[0]["title"] == "Challenge results" and "Alice — 2" in results.text
    for job in discord_app.periodic_jobs:
        if job.name == "challenge-results":
            await job.run()
    assert len(fake.channel_posts) == 1
