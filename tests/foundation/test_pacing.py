"""The shared send gate: rolling-window limit, even spacing, replies first, holds."""

from __future__ import annotations

import asyncio
import itertools
import random

import pytest

from bot.ports.delivery import send_rate
from handlers.pacing import Budget, Gate, RollingWindow
from tests.virtual_time import VirtualTime, most_in


def _gate(time: VirtualTime, limit: int = 30, window: float = 1.0) -> Gate:
    return Gate(Budget(limit, window), clock=time.clock, sleep=time.sleep)


async def test_a_burst_is_spread_evenly_and_never_overfills_a_window() -> None:
    time = VirtualTime(start=0.0)
    gate = _gate(time)
    moments: list[float] = []

    async def send() -> None:
        async with gate.turn(bulk=True):
            moments.append(time.now)
            await time.sleep(0.02)  # the platform answers 20 ms later

    await time.run(*(send() for _ in range(200)))
    assert most_in(moments, 1.0) == 30
    assert most_in(moments[:30], 1.0) == 30 and moments[29] == pytest.approx(29 / 30)
    gaps = [later - earlier for earlier, later in itertools.pairwise(moments)]
    assert min(gaps) >= 1 / 30 - 1e-9  # never two at once: no bucket let out in one go
    # Sustained: 30 a window, each window starting when the first of the last 30 was answered.
    assert moments[-1] == pytest.approx(6 * 1.02 + 19 / 30)
    assert gate.budget.rate == 30


@pytest.mark.parametrize("seed", range(5))
async def test_late_arrivals_never_put_two_windows_into_one(seed: int) -> None:
    """However long each request takes to arrive, it has arrived by its answer."""
    time = VirtualTime(start=0.0)
    gate = _gate(time)
    shuffle = random.Random(seed)
    arrivals: list[float] = []

    async def send() -> None:
        async with gate.turn(bulk=True):
            travel = shuffle.uniform(0.0, 0.2)
            await time.sleep(travel)
            arrivals.append(time.now)  # what the platform counts
            await time.sleep(shuffle.uniform(0.0, 0.05))

    await time.run(*(send() for _ in range(150)))
    assert most_in(arrivals, 1.0) <= 30


async def test_an_unanswered_send_keeps_its_place_only_for_the_transit_time() -> None:
    time = VirtualTime(start=0.0)
    gate = Gate(Budget(1, 1.0, transit=0.5), clock=time.clock, sleep=time.sleep)
    moments: list[float] = []

    async def send() -> None:
        await gate.acquire()  # never settled: the answer never comes
        moments.append(time.now)

    await time.run(send(), send())
    assert moments == [0.0, 1.5]


async def test_replies_go_before_waiting_bulk_sends() -> None:
    time = VirtualTime(start=0.0)
    gate = _gate(time)
    order: list[str] = []

    async def send(name: str, bulk: bool, after: float = 0.0) -> None:
        await time.sleep(after)
        await gate.acquire(bulk=bulk)
        order.append(name)

    await time.run(*(send(f"bulk-{n}", True) for n in range(60)), send("reply", False, after=0.5))
    assert order.index("reply") <= 17  # about 0.5 s of bulk went first, then the reply


async def test_a_hold_lets_nothing_out_until_it_ends() -> None:
    time = VirtualTime(start=0.0)
    gate = _gate(time)
    await gate.acquire()
    gate.hold(2.0)
    moments: list[float] = []

    async def send() -> None:
        async with gate.turn():
            moments.append(time.now)

    await time.run(send(), send())
    assert moments[0] == pytest.approx(2.0) and moments[1] == pytest.approx(2.0 + 1 / 30)


async def test_a_cancelled_waiter_gives_its_turn_away() -> None:
    time = VirtualTime(start=0.0)
    gate = _gate(time, limit=2, window=1.0)
    moments: list[float] = []

    async def send() -> None:
        async with gate.turn():
            moments.append(time.now)

    await time.run(send(), send())  # at 0 and 0.5; the window is full until 1.0
    first = asyncio.ensure_future(send())

    async def cancel_then_send() -> None:
        await time.sleep(0.1)
        first.cancel()
        await send()

    await time.run(cancel_then_send())
    assert first.cancelled() and moments == [0.0, 0.5, 1.0]
    assert gate.granted == 3


def test_a_window_counts_from_the_answer_and_forgets() -> None:
    time = VirtualTime(start=10.0)
    window = RollingWindow(Budget(2, 1.0, transit=0.5), time.clock)
    assert window.free_at() == float("-inf")
    first = window.take()
    time.now = 10.1
    first.settle()  # answered 0.1 s after it left
    window.take()  # still on its way: counted as arriving 0.5 s after it left
    assert window.free_at() == pytest.approx(11.1)
    assert not window.idle(11.5) and window.idle(11.6)
    window.hold(20.0)
    assert window.free_at() == 20.0 and not window.idle(15.0)


def test_a_budget_needs_sensible_numbers() -> None:
    for limit, window, margin, transit in (
        (0, 1, 0, 0),
        (1, 0, 0, 0),
        (1, 1, -1, 0),
        (1, 1, 0, -1),
    ):
        with pytest.raises(ValueError):
            Budget(limit, window, margin, transit)


def test_a_sender_may_tell_its_send_rate() -> None:
    class Paced:
        send_rate = 29.7

    assert send_rate(Paced()) == 29.7  # type: ignore[arg-type]
    assert send_rate(object()) is None  # type: ignore[arg-type]  # a test double: no limit
