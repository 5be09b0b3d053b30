"""Limits that hold across a fleet on one PostgreSQL database: per-user commands, send pacing."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import UTC, datetime, timedelta

import pytest

from bot.bootstrap import App, bootstrap
from bot.clock import ManualClock
from bot.settings import Settings
from bot.storage import create_engine_for
from bot.storage.rate_limits import SqlCommandLimiter, SqlSendBudgets
from bot.types import Platform
from handlers.pacing import Budget, Gate
from tests.accounts.support import say, user

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


@asynccontextmanager
async def instance(settings: Settings, clock: ManualClock) -> AsyncIterator[App]:
    """One process's app: its own engine and router."""
    app = await bootstrap(settings, clock=clock)
    try:
        yield app
    finally:
        await app.aclose()


async def test_twenty_commands_a_minute_hold_across_two_processes(
    settings: Settings, clock: ManualClock
) -> None:
    ann = user(Platform.TELEGRAM, "601", "Ann")
    bob = user(Platform.TELEGRAM, "602", "Bob")
    async with instance(settings, clock) as first, instance(settings, clock) as second:
        for number in range(20):  # a load balancer spreads them over both
            replies = await say((first, second)[number % 2], ann, "/help")
            assert not replies[0].notice
        refused = await say(second, ann, "/help")
        assert len(refused) == 1 and refused[0].notice and "wait" in refused[0].text.lower()
        assert await say(first, ann, "/help") == []  # told once in the window, by either
        assert not (await say(first, bob, "/help"))[0].notice  # others unaffected
        clock.advance(timedelta(seconds=61))
        assert not (await say(first, ann, "/help"))[0].notice


async def test_the_window_is_exact_when_two_processes_admit_one_user_at_once(
    migrated_url: str,
) -> None:
    engines = [create_engine_for(migrated_url) for _ in range(2)]
    limiters = [SqlCommandLimiter(engine) for engine in engines]
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    try:
        verdicts = await asyncio.gather(
            *(limiters[n % 2].admit(("telegram", "603"), now) for n in range(30))
        )
    finally:
        for engine in engines:
            await engine.dispose()
    assert sum(verdict is None for verdict in verdicts) == 20
    assert sum(1 for verdict in verdicts if verdict is not None and verdict.first) == 1


async def test_the_bot_wide_send_budget_is_shared_by_two_processes(migrated_url: str) -> None:
    budget = Budget(limit=20, window=1.0)  # one send per 50 ms, fleet-wide
    granted: list[float] = []
    async with AsyncExitStack() as stack:
        gates = []
        for _ in range(2):
            engine = create_engine_for(migrated_url)
            stack.push_async_callback(engine.dispose)
            shared = SqlSendBudgets(engine, "fleet-test").reserver("telegram")
            gate = Gate(budget, shared=shared)
            stack.push_async_callback(gate.close)
            gates.append(gate)

        async def send(gate: Gate) -> None:
            async with gate.turn(bulk=True):
                granted.append(time.monotonic())

        started = time.monotonic()
        await asyncio.gather(*(send(gate) for gate in gates for _ in range(20)))
    granted.sort()
    busiest = max(
        sum(1 for moment in granted if first <= moment < first + budget.window) for first in granted
    )
    elapsed = granted[-1] - started
    print(f"\n40 sends from two processes took {elapsed:.2f} s; busiest second held {busiest}")
    assert len(granted) == 40
    assert busiest <= budget.limit + 1  # each alone would have sent 20 in that second
    assert elapsed >= 39 * budget.spacing * 0.9
