"""Running one user action as one unit of work, again from scratch while it loses a race."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from bot.errors import Busy
from bot.ports import Conflict, UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

T = TypeVar("T")
ATTEMPTS = 5  # a race is lost only when another write to the same rows lands in between


async def in_one_transaction(
    uow: UnitOfWorkFactory, work: Callable[[UnitOfWork], Awaitable[T]]
) -> T:
    """Run `work` in a unit of work and commit it; on Conflict nothing of it is kept and it
    runs again in a new one, from the stored state as it is then. Busy after ATTEMPTS."""
    for _ in range(ATTEMPTS):
        try:
            async with uow() as unit:
                result = await work(unit)
                await unit.commit()
                return result
        except Conflict:
            continue
    log.warning("gave up after %d attempts: the same rows kept changing", ATTEMPTS)
    raise Busy()
