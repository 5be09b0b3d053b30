"""Bursts through the real PTB client against a fake that enforces Telegram's flood limits.

Here a second lasts a real second (the other Telegram tests shrink it), except where a test
says otherwise to keep a minute-long limit short.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.types import ChatRef, Platform, Reply, UserRef
from tests.telegram.conftest import Harness, sent_texts
from tests.telegram.fake_bot_api import FakeUser

ANA = FakeUser(1001, "Ana", "Lopez")
GROUP_ID = -100300
DUE = datetime(2026, 3, 2, 17, 0, 30, tzinfo=UTC)  # Monday 18:00 in Berlin
NOTICE = "You're sending commands faster than I can keep up"


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """SQLite only: these tests are about the HTTP side."""
    return f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def time_scale() -> float:
    """Real seconds."""
    return 1.0


async def _users_due(harness: Harness, count: int) -> None:
    """`count` Telegram athletes whose check-in is due on Monday at 18:00 Berlin time."""
    services = harness.app.services
    for number in range(count):
        external = str(7000 + number)
        ref = UserRef(Platform.TELEGRAM, external, f"User {number}")
        chat = ChatRef(Platform.TELEGRAM, external, "private", "", external)
        athlete = await services.athletes.identify(ref, chat)
        await services.checkins.turn_on(athlete, "mon", "18:00", "Europe/Berlin", "telegram")


async def test_checkins_due_at_once_are_paced_and_all_delivered(
    telegram: Harness, clock: ManualClock
) -> None:
    await _users_due(telegram, 60)
    clock.set(DUE)
    job = next(job for job in telegram.app.periodic_jobs if job.name == "checkins.dispatch")
    await job.run()
    sent = [call for call in telegram.fake.calls_to("sendMessage") if call.status == 200]
    assert sorted(call.chat_id for call in sent) == [7000 + n for n in range(60)]
    flood = telegram.fake.flood
    assert flood is not None and flood.refused == []
    assert flood.most_in(1.0) <= 30


async def test_a_burst_of_sends_keeps_to_30_a_second_and_replies_go_first(
    telegram: Harness,
) -> None:
    sender = telegram.runner.sender
    burst = [
        asyncio.create_task(sender.send_dm(str(8000 + n), Reply(text=f"Check-in {n}")))
        for n in range(150)
    ]
    await asyncio.sleep(0.5)  # the burst is well under way
    asked = time.monotonic()
    answer = await telegram.say(ANA, "/help")
    first_answer = min(call.at for call in answer if call.method == "sendMessage")
    await asyncio.gather(*burst)
    flood = telegram.fake.flood
    assert flood is not None and flood.refused == []
    delivered = {chat for _, chat in flood.accepted}
    assert {8000 + n for n in range(150)} <= delivered and ANA.id in delivered
    assert flood.most_in(1.0) <= 30  # the first second included: no bucket let out at once
    moments = [at for at, _ in flood.accepted]
    assert moments[-1] - moments[0] < 150 / 28.5 + 1  # and no slower than needed
    # The user's answer took the next free slot instead of queueing behind the check-ins.
    assert first_answer - asked < 1.0 < max(moments) - asked


async def test_a_429_is_waited_out_bot_wide_and_the_message_still_goes(
    telegram: Harness,
) -> None:
    telegram.fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    sender = telegram.runner.sender
    first = asyncio.create_task(sender.send_dm("9001", Reply(text="Wednesday is due")))
    await telegram.fake.wait_for_call("sendMessage", 9001)
    await sender.send_dm("9002", Reply(text="Friday is due"))
    await first
    calls = telegram.fake.calls_to("sendMessage")
    refused, retried = (call for call in calls if call.chat_id == 9001)
    (other,) = (call for call in calls if call.chat_id == 9002)
    assert refused.status == 429 and retried.status == 200 and retried.text == refused.text
    assert retried.at - refused.at >= 1.0 and other.at - refused.at >= 1.0


@pytest.mark.parametrize("time_scale", [0.1])  # a minute lasts 6 s, a second 0.1 s
async def test_a_group_gets_at_most_twenty_posts_a_minute(
    telegram: Harness, time_scale: float
) -> None:
    telegram.fake.group_chat(GROUP_ID, "Glute Club")
    sender = telegram.runner.sender
    posts = [sender.send_channel(str(GROUP_ID), Reply(text=f"Post {n}")) for n in range(25)]
    dms = [sender.send_dm(str(ANA.id), Reply(text=f"Part {n}")) for n in range(3)]
    await asyncio.gather(*posts, *dms)
    flood = telegram.fake.flood
    assert flood is not None and flood.refused == []
    minute = 60 * time_scale
    group = [at for at, chat in flood.accepted if chat == GROUP_ID]
    assert len(group) == 25 and flood.most_in(minute, GROUP_ID) == 20
    assert group[20] - group[0] >= minute
    private = [at for at, chat in flood.accepted if chat == ANA.id]
    gaps = [later - earlier for earlier, later in itertools.pairwise(private)]
    # About one a second in a private chat (paced at 1.03 s; arrivals jitter a little).
    assert len(private) == 3 and min(gaps) >= 0.75 * time_scale
    texts = [call.text for call in telegram.fake.calls_to("sendMessage") if call.status == 200]
    assert [text for text in texts if text.startswith("Part")] == ["Part 0", "Part 1", "Part 2"]


@pytest.mark.parametrize("time_scale", [0.05])
async def test_sixty_quick_messages_get_twenty_answers_and_one_notice(
    telegram: Harness, clock: ManualClock
) -> None:
    calls = await telegram.say_quickly(ANA, ["/help"] * 60)
    texts = sent_texts(calls)
    assert len(texts) == 21 and sum(NOTICE in text for text in texts) == 1
    assert NOTICE in texts[-1]  # after the twenty answers, and nothing after it
    clock.advance(timedelta(seconds=61))  # a new window: served again, told once again
    texts = sent_texts(await telegram.say_quickly(ANA, ["/help"] * 25))
    assert len(texts) == 21 and sum(NOTICE in text for text in texts) == 1
