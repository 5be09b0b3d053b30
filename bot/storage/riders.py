"""Reads that ride on the sender's read: one SELECT for the sender and the sender's rows.

A `log` or a check-in answer identifies its sender inside its own unit of work, then reads
the sender's rows of its feature (the memberships to credit, the check-in history). Both are
keyed on the same athlete, so the feature's read can ride on the sender's: the feature
registers a `Rider` on the session (its public `info` dict) before identifying, the sender's
read then outer-joins the rider's tables on the athlete id and hands it the rows, and the
feature takes them by the athlete id it was given. When no sender read came in between (the
athlete was given by id, the sender was read earlier in the message, first contact found no
account), the feature runs its own read: same rows, one statement more.

Several riders may wait at once (a check-in answer's history, and the memberships its
SessionCounted handler will credit); each extends the query in the order they came. A rider
may name columns for the riders after it (`anchors`: the athlete id, and e.g. the moment of
the check-in being answered); one whose anchor is missing is not applied and reads alone.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")
_RIDERS = "hipcoach.sender_riders"  # session.info key: the riders waiting for the sender

Extend = Callable[[Select[Any], dict[str, Any]], Select[Any] | None]
"""Outer-joins a feature's tables to the sender's query on `anchors["athlete_id"]` and adds
their columns after the ones before; it may add anchors for later riders, and returns None
when an anchor it needs is missing (built once per function: keep it a module function)."""


class Rider:
    """A feature's read waiting for the sender's read: how to extend it, its parameters, and
    once read, the athlete it was read for and the extra columns of every row."""

    def __init__(self, extend: Extend, params: dict[str, Any]) -> None:
        self.extend = extend
        self.params = params
        self.athlete_id: int | None = None
        self.rows: list[tuple[Any, ...]] = []

    def read(self, athlete_id: int, rows: list[tuple[Any, ...]]) -> None:
        """Keep the rider's columns of `rows`, read with the sender `athlete_id`."""
        self.athlete_id, self.rows = athlete_id, rows


def waiting_riders(session: AsyncSession) -> tuple[Rider, ...]:
    """The riders waiting for this session's next sender read, taken off the session."""
    return tuple(session.info.pop(_RIDERS, ()))


class RiddenRead(Generic[T]):
    """A feature's rows of the sender's athlete: from the sender's read when it came, else
    read alone (`ReadWithSender` in bot/athletes/context_port.py)."""

    def __init__(
        self,
        session: AsyncSession,
        extend: Extend,
        params: dict[str, Any],
        decode: Callable[[list[tuple[Any, ...]]], T],
        alone: Callable[[int], Awaitable[T]],
    ) -> None:
        self._session = session
        self._rider = Rider(extend, params)
        self._decode = decode
        self._alone = alone
        session.info.setdefault(_RIDERS, []).append(self._rider)

    async def rows_for(self, athlete_id: int) -> T:
        """The rows of `athlete_id`: those read with the sender, or a read of their own."""
        waiting = self._session.info.get(_RIDERS, [])
        if self._rider in waiting:
            waiting.remove(self._rider)  # so a later sender read joins no rows nobody takes
        if self._rider.athlete_id == athlete_id:
            return self._decode(self._rider.rows)
        return await self._alone(athlete_id)
