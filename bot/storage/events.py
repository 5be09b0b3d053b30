"""Domain events in SQL: stored in `domain_events`, dispatched from the stored rows.

Publishing inserts the row; its handlers then run from what was stored (kind and JSON
payload, decoded back into the event from the very text inserted, so the INSERT returns
nothing: on SQLite a RETURNING costs one more trip to the driver's thread) in the publishing
unit of work. The row is written
already marked handled: it commits only together with its handlers' effects, since a handler's
error rolls the whole transaction back (the change, the row and every effect), so the mark is
true whenever anyone can see the row, and a separate UPDATE would only cost a statement per
action. Handled rows are deleted after a retention by `prune`.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import Insert, delete, insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.events import DomainEvent
from bot.ports.events import EventHandlers
from bot.storage.event_models import DomainEventRow
from bot.storage.models import Base

if TYPE_CHECKING:
    from bot.ports.uow import UnitOfWork

_EVENTS = Base.metadata.tables[DomainEventRow.__tablename__]


@cache
def _insert_event() -> Insert:
    """Built once on first use: an INSERT with bound values finds its compiled form in
    SQLAlchemy's cache at once (values given inline made a new statement to key each time)."""
    return insert(_EVENTS)


class _Stored(NamedTuple):
    """What a handler's event is decoded from: the stored row's kind and JSON payload."""

    kind: str
    payload: str


class SqlEventLog:
    """The unit of work's events: each stored, then handled from its row in this transaction."""

    def __init__(
        self, session: AsyncSession, clock: Clock, handlers: EventHandlers, uow: UnitOfWork
    ) -> None:
        self._session = session
        self._clock = clock
        self._handlers = handlers
        self._uow = uow
        self._unhandled: list[_Stored] = []  # stored, not yet dispatched
        self._dispatching = False

    async def publish(self, event: DomainEvent) -> None:
        """Store the event, then dispatch it from its stored row in this transaction.

        An event published by a handler is stored at once and dispatched after the handler
        returns, by the dispatch already running (events are handled in the order stored)."""
        now = self._clock.now()
        stored = _Stored(event.kind, json.dumps(event.payload(), sort_keys=True))
        values = {
            "kind": stored.kind,
            "athlete_id": event.athlete(),
            "payload": stored.payload,
            "occurred_at": now,
            "handled_at": now,  # see the module docstring
        }
        await self._session.execute(_insert_event(), values)
        self._unhandled.append(stored)
        if not self._dispatching:
            await self._dispatch()

    async def _dispatch(self) -> None:
        """Run the handlers of every stored, unhandled event of this unit of work, in order."""
        self._dispatching = True
        try:
            while self._unhandled:
                row = self._unhandled.pop(0)
                handlers = self._handlers.for_kind(row.kind)
                if handlers:
                    event = self._handlers.decode(row.kind, json.loads(row.payload))
                    for handler in handlers:
                        await handler(self._uow, event)
        finally:
            self._dispatching = False
            self._unhandled.clear()  # after an error the transaction rolls back with them

    async def prune(self, handled_before: datetime) -> int:
        """Delete the events handled before that moment; how many went."""
        result = await self._session.execute(
            delete(_EVENTS).where(_EVENTS.c.handled_at < handled_before)
        )
        return int(getattr(result, "rowcount", 0) or 0)
