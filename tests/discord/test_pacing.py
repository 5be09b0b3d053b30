"""Discord's global limit: the fake enforces 50 requests a second, the adapter paces to it."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import aiohttp
import pytest

from bot.types import Reply
from handlers.discord.runner import DiscordRunner
from tests.discord.fake_discord import FakeDiscord, Person

DM_POST = r"/channels/\d+/messages"


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """SQLite only: these tests are about the HTTP side."""
    return f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"


async def test_a_burst_of_dms_and_posts_keeps_to_50_requests_a_second(
    runner: DiscordRunner, fake: FakeDiscord
) -> None:
    people = [Person(4000 + n, f"member{n}") for n in range(30)]
    for person in people:
        fake.users[person.id] = person
    requests_before = len(fake.global_limit.accepted)
    dms = [runner.sender.send_dm(str(p.id), Reply(text="Wednesday is due")) for p in people]
    posts = [
        runner.sender.send_channel(str(fake.channel_id), Reply(text=f"Standings {n}"))
        for n in range(20)
    ]
    await asyncio.gather(*dms, *posts)
    assert fake.global_limit.refused == []
    assert len(fake.channel_posts) == 50  # every message delivered
    assert {post.channel_id for post in fake.channel_posts} >= {
        fake.dm_channel_id(person) for person in people
    }
    assert len(fake.global_limit.accepted) - requests_before >= 50 + 30  # DM channels too
    assert fake.global_limit.most_in(1.0) <= 50
    assert runner.sender.send_rate == pytest.approx(50 / 1.01)


async def test_the_fake_refuses_a_burst_like_discord(fake: FakeDiscord) -> None:
    async with aiohttp.ClientSession() as session:

        async def get() -> tuple[int, dict[str, object], dict[str, str]]:
            async with session.get(f"{fake.api_base}/users/@me") as response:
                return response.status, await response.json(), dict(response.headers)

        answers = await asyncio.gather(*(get() for _ in range(60)))
    refused = [answer for answer in answers if answer[0] == 429]
    assert len(refused) == 10
    _, body, headers = refused[0]
    assert body["global"] is True and 0 < float(str(body["retry_after"])) <= 1
    assert headers["X-RateLimit-Global"] == "true" and headers["X-RateLimit-Scope"] == "global"
    assert headers["Retry-After"] == "1" and headers["Via"]
    fake.global_limit.refused.clear()  # provoked on purpose, not by the adapter


async def test_a_global_429_is_waited_out_and_the_message_delivered(
    runner: DiscordRunner, fake: FakeDiscord
) -> None:
    person = Person(4100, "gil")
    fake.users[person.id] = person
    limited = {"message": "You are being rate limited.", "retry_after": 0.5, "global": True}
    headers = {"X-RateLimit-Global": "true", "X-RateLimit-Scope": "global", "Retry-After": "1"}
    fake.fail("POST", DM_POST, 429, limited, Via="1.1 google", **headers)
    started = time.monotonic()
    await runner.sender.send_dm(str(person.id), Reply(text="Friday is due"))
    assert time.monotonic() - started >= 0.5
    (post,) = fake.channel_posts
    assert post.content == "Friday is due"
