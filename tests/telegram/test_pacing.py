"""The per-chat DM pace: short bursts pass, then about one message a second per chat."""

from __future__ import annotations

from handlers.telegram.ratelimit import ChatPacer


class FakeTime:
    """Monotonic time that only moves when the pacer sleeps."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


async def test_a_burst_passes_then_one_message_a_second() -> None:
    time = FakeTime()
    pacer = ChatPacer(rate=1.0, burst=3, monotonic=time.monotonic, sleep=time.sleep)
    for _ in range(3):
        await pacer.wait(1001)
    assert time.slept == []
    await pacer.wait(1001)
    await pacer.wait(1001)
    assert time.slept == [1.0, 1.0]


async def test_chats_are_paced_independently_and_refill() -> None:
    time = FakeTime()
    pacer = ChatPacer(rate=1.0, burst=2, monotonic=time.monotonic, sleep=time.sleep)
    for chat in (1001, 1001, 1002, 1002):
        await pacer.wait(chat)
    assert time.slept == []
    time.now += 5  # a quiet while: the bucket is full again, but never more than the burst
    for _ in range(3):
        await pacer.wait(1001)
    assert time.slept == [1.0]


async def test_rate_zero_turns_pacing_off() -> None:
    time = FakeTime()
    pacer = ChatPacer(rate=0, monotonic=time.monotonic, sleep=time.sleep)
    for _ in range(10):
        await pacer.wait(1001)
    assert time.slept == []
