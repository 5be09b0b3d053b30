"""The Discord sender: DMs and channel posts, and how Discord's refusals reach the core."""

from __future__ import annotations

import pytest

from bot.ports import RecipientUnreachable, RetryLater
from bot.types import Attachment, Button, Reply
from handlers.discord.runner import DiscordRunner
from tests.discord.fake_discord import FakeDiscord, Person

DM_POST = r"/channels/\d+/messages"


async def test_dm_with_buttons_and_a_file(runner: DiscordRunner, fake: FakeDiscord) -> None:
    person = Person(3001, "dana")
    fake.users[person.id] = person
    reply = Reply(
        text="Your week is ready.",
        title="Week 2",
        buttons=((Button("Done", "ci:7:done"), Button("Pain", "ci:7:pain")),),
        attachments=(Attachment("chart.png", b"\x89PNG...", "image/png"),),
    )
    await runner.sender.send_dm(str(person.id), reply)
    (post,) = fake.channel_posts
    assert post.channel_id == fake.dm_channel_id(person)
    assert post.embeds[0]["title"] == "Week 2" and post.custom_ids == ["ci:7:done", "ci:7:pain"]
    assert post.files == {"chart.png": b"\x89PNG..."}


async def test_channel_post(runner: DiscordRunner, fake: FakeDiscord) -> None:
    await runner.sender.send_channel(str(fake.channel_id), Reply(text="Standings: @everyone"))
    (post,) = fake.channel_posts
    assert post.content == "Standings: @everyone"
    assert post.payload["allowed_mentions"] == {"parse": []}


async def test_closed_dms_make_the_user_unreachable(
    runner: DiscordRunner, fake: FakeDiscord
) -> None:
    person = Person(3002, "eli")
    fake.users[person.id] = person
    body = {"message": "Cannot send messages to this user", "code": 50007}
    fake.fail("POST", DM_POST, 403, body)
    with pytest.raises(RecipientUnreachable):
        await runner.sender.send_dm(str(person.id), Reply(text="hi"))


async def test_rate_limit_and_outage_ask_to_retry(runner: DiscordRunner, fake: FakeDiscord) -> None:
    person = Person(3003, "fay")
    fake.users[person.id] = person
    limited = {"message": "You are being rate limited.", "retry_after": 120.0, "global": False}
    fake.fail("POST", DM_POST, 429, limited, Via="1.1 google")
    with pytest.raises(RetryLater) as caught:
        await runner.sender.send_dm(str(person.id), Reply(text="hi"))
    assert caught.value.seconds == 120.0
    fake.fail("POST", DM_POST, 503, {"message": "upstream unavailable", "code": 0})
    with pytest.raises(RetryLater):
        await runner.sender.send_dm(str(person.id), Reply(text="hi"))
