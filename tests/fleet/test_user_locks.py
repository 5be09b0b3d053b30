"""The fleet's per-user locks on PostgreSQL: one user at a time across pools, others at once."""

from __future__ import annotations

import asyncio

import pytest

from bot.storage.user_lanes import SqlUserLocks


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_one_user_waits_for_another_process_and_other_users_do_not(
    migrated_url: str,
) -> None:
    first, second = SqlUserLocks(migrated_url), SqlUserLocks(migrated_url)  # two processes
    order: list[str] = []
    held = asyncio.Event()

    async def first_holds() -> None:
        async with first.hold(42):
            held.set()
            await asyncio.sleep(0.5)
            order.append("first done")

    async def same_user() -> None:
        await held.wait()
        async with second.hold(42):
            order.append("same user")

    async def other_user() -> None:
        await held.wait()
        async with second.hold(43):
            order.append("other user")

    try:
        await asyncio.gather(first_holds(), same_user(), other_user())
    finally:
        await first.close()
        await second.close()
    assert order == ["other user", "first done", "same user"]


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_a_lock_is_released_when_its_holder_fails(migrated_url: str) -> None:
    locks = SqlUserLocks(migrated_url)
    try:
        with pytest.raises(RuntimeError):
            async with locks.hold(7):
                raise RuntimeError("the handler failed")
        async with asyncio.timeout(5), locks.hold(7):
            pass  # taken again at once: the transaction's end released it
    finally:
        await locks.close()
