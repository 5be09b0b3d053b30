"""A slow chat does not hold up other users; one user's updates keep their order."""

from __future__ import annotations

import asyncio

from bot.types import Platform, UserRef
from tests.telegram.conftest import Harness, sent_texts
from tests.telegram.fake_bot_api import FakeUser

ANA = FakeUser(2001, "Ana")
ANA_REF = UserRef(Platform.TELEGRAM, str(ANA.id), "Ana")
BEN = FakeUser(2002, "Ben")


async def test_a_stuck_reply_to_one_user_does_not_stall_another(telegram: Harness) -> None:
    telegram.fake.held[ANA.id] = asyncio.Event()
    ana_answer = asyncio.create_task(telegram.say(ANA, "/help"))
    await telegram.fake.wait_for_call("sendMessage", ANA.id)  # Ana's reply is now stuck
    ben_calls = await telegram.say(BEN, "/help")  # would time out if Ana's update blocked it
    assert any("/faq" in text for text in sent_texts(ben_calls))
    assert not ana_answer.done()
    telegram.fake.held[ANA.id].set()
    ana_calls = await ana_answer
    assert any("/faq" in text for text in sent_texts(ana_calls))


async def test_one_users_messages_are_answered_in_order(telegram: Harness) -> None:
    telegram.fake.held[ANA.id] = asyncio.Event()
    first = asyncio.create_task(telegram.say(ANA, "/profile goal soften"))
    second = asyncio.create_task(telegram.say(ANA, "/profile goal strength"))
    await asyncio.sleep(0)
    telegram.fake.held[ANA.id].set()
    await asyncio.gather(first, second)
    athlete = await telegram.app.services.athletes.identify(ANA_REF)
    profile = await telegram.app.services.athletes.profile(athlete)
    assert profile.goal == "strength"  # the later message won, as the user expects
