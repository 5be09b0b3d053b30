"""The per-user command rate limit: pure window rules, then through the router."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.rate_limits import SlidingWindowLimiter
from bot.types import ChatRef, Platform
from tests.accounts.support import press, say, text_of, user

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_twenty_per_minute_then_a_wait_that_ends() -> None:
    limiter = SlidingWindowLimiter(limit=20, window=timedelta(minutes=1))
    for second in range(20):
        assert limiter.hit("ann", START + timedelta(seconds=second)) is None
    wait = limiter.hit("ann", START + timedelta(seconds=30))
    assert wait == pytest.approx(30.0)  # the first hit leaves the window at 60 s
    assert limiter.hit("bob", START + timedelta(seconds=30)) is None  # others unaffected
    assert limiter.hit("ann", START + timedelta(seconds=60)) is None


def test_refused_hits_do_not_extend_the_wait() -> None:
    limiter = SlidingWindowLimiter(limit=2, window=timedelta(seconds=10))
    limiter.hit("ann", START)
    limiter.hit("ann", START)
    for second in range(1, 10):
        assert limiter.hit("ann", START + timedelta(seconds=second)) is not None
    assert limiter.hit("ann", START + timedelta(seconds=10)) is None


def test_idle_users_are_forgotten() -> None:
    limiter = SlidingWindowLimiter(limit=5, window=timedelta(seconds=10))
    for number in range(100):
        limiter.hit(number, START)
    limiter.hit("late", START + timedelta(seconds=11))
    limiter.sweep(START + timedelta(seconds=11))
    assert len(limiter) == 1


def test_a_limit_needs_sensible_numbers() -> None:
    with pytest.raises(ValueError):
        SlidingWindowLimiter(limit=0)


async def test_router_answers_politely_after_twenty_commands_a_minute(
    app: App, clock: ManualClock
) -> None:
    ann = user(Platform.TELEGRAM, "501", "Ann")
    for _ in range(20):
        replies = await say(app, ann, "/help")
        assert not replies[0].notice
    refused = await say(app, ann, "/profile goal soften")
    assert len(refused) == 1 and refused[0].notice and refused[0].private
    assert "wait" in refused[0].text.lower()
    athlete_id = await app.services.athletes.identify(ann)
    assert (await app.services.athletes.profile(athlete_id)).goal is None  # nothing ran
    # Another user is served meanwhile; a group's ordinary chatter never counts.
    assert not (await say(app, user(Platform.TELEGRAM, "502"), "/help"))[0].notice
    group = ChatRef(Platform.TELEGRAM, "-100", "group", "Gym")
    assert await say(app, ann, "nice weather", chat=group) == []
    clock.advance(timedelta(seconds=61))
    assert "Saved" in text_of(await say(app, ann, "/profile goal soften"))


async def test_buttons_count_too(app: App, clock: ManualClock) -> None:
    bob = user(Platform.DISCORD, "601", "Bob")
    for _ in range(20):
        await say(app, bob, "/help")
    refused = await press(app, bob, "forget:cancel")
    assert refused[0].notice and "wait" in refused[0].text.lower()
    clock.advance(timedelta(minutes=1))
    assert "nothing was deleted" in text_of(await press(app, bob, "forget:cancel")).lower()


async def test_one_notice_per_limited_window_then_silence(app: App, clock: ManualClock) -> None:
    ann = user(Platform.TELEGRAM, "503", "Ann")
    for _ in range(20):
        await say(app, ann, "/help")
    refused = [await say(app, ann, "/help") for _ in range(40)]  # 60 quick messages in all
    told = [replies for replies in refused if replies]
    assert len(told) == 1 and told[0][0].notice and "wait" in told[0][0].text.lower()
    assert refused[0] == told[0]  # the first refusal says it; the 39 after it say nothing
    assert await say(app, ann, "plain words count too") == []
    clock.advance(timedelta(seconds=30))
    assert await say(app, ann, "/help") == []  # still the same limited window: silent
    clock.advance(timedelta(seconds=31))  # the window is over: served, and told again later
    for _ in range(20):
        assert not (await say(app, ann, "/help"))[0].notice
    again = await say(app, ann, "/help")
    assert len(again) == 1 and again[0].notice
    assert await say(app, ann, "/help") == []


async def test_discord_answers_every_refusal_because_an_interaction_needs_one(
    app: App,
) -> None:
    dee = user(Platform.DISCORD, "602", "Dee")
    for _ in range(20):
        await say(app, dee, "/help")
    for _ in range(3):
        refused = await say(app, dee, "/help")
        assert refused[0].notice and refused[0].private  # ephemeral: only Dee sees it
