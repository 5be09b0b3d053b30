"""The Telegram rate limiter on its own, in virtual time: per-chat windows, 429s, priorities."""

from __future__ import annotations

from typing import Any

import pytest
from telegram.error import RetryAfter

from handlers.telegram.ratelimit import BULK, FloodLimiter, FloodLimits
from tests.virtual_time import VirtualTime, most_in

DM, OTHER_DM, GROUP = 1001, 1002, -100200


class Api:
    """Stands in for the HTTP call PTB hands the limiter; can answer 429 a few times."""

    def __init__(self, time: VirtualTime) -> None:
        self.time = time
        self.sent: list[tuple[float, int | str | None, str]] = []
        self.flood: dict[int | str, list[int]] = {}  # chat -> retry_after answers to give

    async def request(
        self,
        limiter: FloodLimiter,
        chat: int | str | None,
        text: str = "",
        *,
        endpoint: str = "sendMessage",
        lane: str | None = BULK,
    ) -> Any:
        async def call() -> dict[str, Any]:
            refusals = self.flood.get(chat) if chat is not None else None
            if refusals:
                raise RetryAfter(refusals.pop(0))
            self.sent.append((self.time.now, chat, text))
            return {}

        data = {} if chat is None else {"chat_id": chat, "text": text}
        return await limiter.process_request(call, (), {}, endpoint, data, lane)

    def moments(self, chat: int | str | None = None) -> list[float]:
        return [at for at, to, _ in self.sent if chat is None or to == chat]


def _limiter(time: VirtualTime, **limits: Any) -> FloodLimiter:
    return FloodLimiter(FloodLimits(**limits), clock=time.clock, sleep=time.sleep)


async def test_a_private_chat_gets_one_message_a_second_in_order() -> None:
    time = VirtualTime(0.0)
    limiter = _limiter(time)
    api = Api(time)
    await time.run(*(api.request(limiter, DM, f"part {n}") for n in range(4)))
    assert [text for *_, text in api.sent] == ["part 0", "part 1", "part 2", "part 3"]
    assert api.moments() == pytest.approx([0.0, 1.01, 2.02, 3.03])  # a 1% margin


async def test_a_group_gets_twenty_a_minute_while_dms_flow() -> None:
    time = VirtualTime(0.0)
    limiter = _limiter(time)
    api = Api(time)
    posts = [api.request(limiter, GROUP, f"post {n}") for n in range(25)]
    dms = [api.request(limiter, 5000 + n, "check-in") for n in range(10)]
    await time.run(*posts, *dms)
    group = api.moments(GROUP)
    assert len(group) == 25 and most_in(group, 60.0) == 20
    assert group[20] >= group[0] + 60  # the 21st waited for the first to leave the minute
    assert max(api.moments(5000 + n)[0] for n in range(10)) < 2  # others were not held up


async def test_replies_to_users_overtake_queued_bulk_sends() -> None:
    time = VirtualTime(0.0)
    limiter = _limiter(time)
    api = Api(time)

    async def reply_later() -> None:
        await time.sleep(1.0)
        await api.request(limiter, OTHER_DM, "answer", lane=None)

    await time.run(*(api.request(limiter, 5000 + n, "check-in") for n in range(100)), reply_later())
    (answered,) = api.moments(OTHER_DM)
    assert answered <= 1.0 + 1 / 30 + 1e-9  # the very next slot, not after 100 check-ins
    assert most_in(api.moments(), 1.0) <= 30


async def test_a_429_holds_the_bot_for_retry_after_then_the_same_message_goes() -> None:
    time = VirtualTime(0.0)
    limiter = _limiter(time)
    api = Api(time)
    api.flood[DM] = [2]

    async def other_later() -> None:
        await time.sleep(0.5)
        await api.request(limiter, OTHER_DM, "someone else")

    await time.run(api.request(limiter, DM, "check-in"), other_later())
    # Nothing went out while Telegram said to wait; then both, the check-in not lost.
    assert sorted(text for *_, text in api.sent) == ["check-in", "someone else"]
    assert min(api.moments()) == 2.0 and limiter.refusals == 1


async def test_a_groups_429_holds_only_that_group() -> None:
    time = VirtualTime(0.0)
    limiter = _limiter(time)
    api = Api(time)
    api.flood[GROUP] = [5]
    await time.run(api.request(limiter, GROUP, "standings"), api.request(limiter, DM, "hi"))
    assert api.moments(DM) == [pytest.approx(1 / 30)]
    assert api.moments(GROUP) == [5.0]


async def test_flood_control_that_persists_or_asks_too_long_goes_to_the_caller() -> None:
    time = VirtualTime(0.0)
    limiter = _limiter(time, max_retries=2, max_retry_wait=30.0)
    api = Api(time)
    api.flood[DM] = [1, 1, 1, 1]
    with pytest.raises(RetryAfter):
        await time.run(api.request(limiter, DM, "check-in"))
    assert limiter.refusals == 3 and api.flood[DM] == [1]  # the first try and two retries
    api.flood[OTHER_DM] = [120]
    with pytest.raises(RetryAfter):
        await time.run(api.request(limiter, OTHER_DM, "check-in"))
    assert limiter.refusals == 4  # not waited out: the caller re-queues it


async def test_requests_without_a_chat_are_not_paced_and_edits_only_bot_wide() -> None:
    time = VirtualTime(0.0)
    limiter = _limiter(time)
    api = Api(time)
    await time.run(*(api.request(limiter, None, endpoint="getMe") for _ in range(50)))
    assert api.moments() == [0.0] * 50
    await time.run(*(api.request(limiter, DM, endpoint="editMessageText") for _ in range(3)))
    assert api.moments(DM) == pytest.approx([0.0, 1 / 30, 2 / 30])


def test_the_send_rate_is_the_bot_wide_budget() -> None:
    assert FloodLimiter().send_rate == pytest.approx(30 / 1.01)
    assert FloodLimiter(FloodLimits(second=0.1)).send_rate == pytest.approx(300 / 1.01)
