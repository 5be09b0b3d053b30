"""Standings posts and the end-of-challenge podium: once, across restarts (both backends)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.bootstrap import App, bootstrap
from bot.clock import ManualClock
from bot.settings import Settings
from bot.types import Platform

from .helpers import RecordingSender, in_group, mod, say

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def _challenge_with_scores(app: App) -> None:
    await mod(app, 'challenge create "Sprint" sessions 2026-03-02 2026-03-08 channel=<#4242>')
    for user, who, sessions in (("1", "Ann", 3), ("2", "Bob", 2), ("3", "Cat", 2), ("4", "Dan", 1)):
        await say(app, in_group('challenge join "Sprint"', user, who))
        await say(app, in_group(f"log sessions {sessions}", user, who))


async def test_podium_is_announced_once_even_across_a_restart(
    app: App, settings: Settings, clock: ManualClock
) -> None:
    await _challenge_with_scores(app)
    clock.set(datetime(2026, 3, 9, 3, 0, tzinfo=UTC))  # ended at midnight while we were down
    await app.services.challenges.announce_ended()  # no sender yet: nothing claimed
    sender = RecordingSender()
    app.senders[Platform.DISCORD] = sender  # the runtime fills the shared dict after bootstrap
    await app.services.challenges.announce_ended()
    await app.services.challenges.announce_ended()
    assert len(sender.posts) == 1
    channel, reply = sender.posts[0]
    assert channel == "4242"
    assert reply.text.splitlines()[1:] == [
        "🥇  1. Ann — 3",
        "🥈  2. Bob — 2",
        "🥈  2. Cat — 2",
        "Thanks to all 4 who took part.",
    ]
    restarted = await bootstrap(settings, clock=clock, senders={Platform.DISCORD: sender})
    try:
        await restarted.services.challenges.announce_ended()
    finally:
        await restarted.aclose()
    assert len(sender.posts) == 1


async def test_a_failed_post_is_retried_and_ending_early_announces(
    app: App, clock: ManualClock
) -> None:
    sender = RecordingSender(fail_next=1)
    app.senders[Platform.DISCORD] = sender
    await _challenge_with_scores(app)
    clock.advance(timedelta(hours=2))
    ended = await mod(app, 'challenge end "Sprint"')  # posting at once: "slow down"
    assert ended == "Sprint is over. The results will be posted in a moment."
    assert sender.posts == []
    await app.services.challenges.announce_ended()
    await app.services.challenges.announce_ended()
    assert len(sender.posts) == 1 and "Sprint has ended" in sender.posts[0][1].text


async def test_ending_early_posts_the_results_once(app: App, clock: ManualClock) -> None:
    sender = RecordingSender()
    app.senders[Platform.DISCORD] = sender
    await _challenge_with_scores(app)
    await mod(app, 'challenge create "Other" sessions 2026-03-02 2026-03-03')
    clock.set(datetime(2026, 3, 4, 9, 0, tzinfo=UTC))  # "Other" ended, not yet announced
    replies = await app.router.handle(
        in_group('challenge end "Sprint"', "99", "Mo", moderator=True)
    )
    assert [reply.text for reply in replies] == ["Sprint is over: I've posted the results."]
    ((channel, reply),) = sender.posts  # only the challenge that was ended, only once
    assert channel == "4242" and reply.title == "Challenge results" and "🥇" in reply.text
    await app.services.challenges.announce_ended()
    assert [reply.text.split(" ")[0] for _, reply in sender.posts] == ["Sprint", "Other"]


async def test_weekly_standings_once_per_week(
    app: App, settings: Settings, clock: ManualClock
) -> None:
    sender = RecordingSender()
    app.senders[Platform.DISCORD] = sender
    await mod(app, 'challenge create "Month" sessions 2026-03-02 2026-03-29')
    await say(app, in_group('challenge join "Month"'))
    await say(app, in_group("log"))
    jobs = {job.name: job for job in app.periodic_jobs}
    await jobs["challenge-standings"].run()
    assert sender.posts == []  # not a week yet
    clock.set(MONDAY + timedelta(days=7))
    await jobs["challenge-standings"].run()
    await jobs["challenge-standings"].run()
    restarted = await bootstrap(settings, clock=clock, senders={Platform.DISCORD: sender})
    try:
        await restarted.services.challenges.post_due_standings()
    finally:
        await restarted.aclose()
    assert len(sender.posts) == 1
    channel, reply = sender.posts[0]
    assert channel == "51001" and reply.title == "Week 1 standings"
    assert "🥇  1. Alice — 1" in reply.text and "21 days left" in reply.text
    clock.advance(timedelta(days=7))
    await jobs["challenge-standings"].run()
    assert len(sender.posts) == 2 and sender.posts[1][1].title == "Week 2 standings"


async def test_moderators_post_standings_on_request(app: App, clock: ManualClock) -> None:
    sender = RecordingSender()
    app.senders[Platform.DISCORD] = sender
    await _challenge_with_scores(app)
    assert "Only moderators" in await say(app, in_group('challenge post "Sprint"'))
    assert "no challenge called 'Nope'" in await mod(app, 'challenge post "Nope"')
    assert sender.posts == []
    assert await mod(app, 'challenge post "sprint"') == "Posted the standings of Sprint."
    ((channel, reply),) = sender.posts
    assert channel == "4242" and reply.title == "Standings"
    assert reply.text.splitlines()[1:3] == ["🥇  1. Ann — 3", "🥈  2. Bob — 2"]
    # the scheduled posts still come: a post on request is extra
    clock.set(datetime(2026, 3, 9, 1, 0, tzinfo=UTC))
    await app.services.challenges.announce_ended()
    assert len(sender.posts) == 2 and sender.posts[1][1].title == "Challenge results"
    assert "Posted" in await mod(app, 'challenge post "Sprint"')  # the final standings
    assert len(sender.posts) == 3 and "Sprint · sessions · ended ·" in sender.posts[2][1].text


async def test_a_post_on_request_that_fails_says_so_and_is_not_retried(app: App) -> None:
    await _challenge_with_scores(app)
    assert "isn't available" in await mod(app, 'challenge post "Sprint"')  # no sender yet
    sender = RecordingSender(fail_next=1)
    app.senders[Platform.DISCORD] = sender
    assert "couldn't post that just now" in await mod(app, 'challenge post "Sprint"')
    sender.gone = True
    assert "can't post in the standings channel" in await mod(app, 'challenge post "Sprint"')
    await app.services.challenges.post_due_standings()
    assert sender.posts == []


async def test_telegram_standings_are_posted_in_the_group(app: App) -> None:
    sender = RecordingSender()
    app.senders[Platform.TELEGRAM] = sender
    group = {"group": "-100300", "platform": Platform.TELEGRAM}
    await mod(app, 'challenge create "Tg" streak 2026-03-02 2026-03-08', **group)
    await say(app, in_group('challenge join "Tg"', "5", "Tess", **group))  # type: ignore[arg-type]
    await say(app, in_group("log", "5", "Tess", **group))  # type: ignore[arg-type]
    assert "Posted" in await mod(app, 'challenge post "Tg"', **group)
    ((channel, reply),) = sender.posts
    assert channel == "-100300" and "🥇  1. Tess — 1" in reply.text
