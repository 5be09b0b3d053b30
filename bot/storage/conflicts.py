"""PostgreSQL cancelling a statement to settle a conflict between writers: run it all again."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError

from bot.ports import MembersChanged

T = TypeVar("T")

# Deadlock, serialization failure: PostgreSQL cancelled the statement to settle a conflict
# with another writer, and running the transaction again can succeed.
_CONFLICT_STATES = frozenset({"40P01", "40001"})


def lost_a_conflict(error: DBAPIError) -> bool:
    """True when the database cancelled the statement only to let a concurrent writer on."""
    return getattr(error.orig, "sqlstate", None) in _CONFLICT_STATES


async def settling_conflicts(work: Callable[[], Awaitable[T]]) -> T:
    """Run `work`; a conflict the database settled against it becomes MembersChanged (the
    caller's unit of work is run again)."""
    try:
        return await work()
    except DBAPIError as error:
        if lost_a_conflict(error):
            raise MembersChanged() from error
        raise
