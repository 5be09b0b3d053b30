"""Domain events in SQL: stored in `domain_events`, dispatched from the stored rows.

Publishing inserts the row; its handlers then run from what was stored (kind and JSON
payload, decoded back into the event from the very text inserted, so the INSERT returns
nothing: on SQLite a RETURNING costs one more trip to the driver's thread) in the publishing
unit of work. The row is written
already marked handled: it commits only together with its handlers' effects, since a handler's
error rolls the whole transaction back (the change, the row and every effect), so the mark is
true whenever anyone can see the row, and a separate UPDATE would only cost a statement per
action. Handled rows are deleted after a retention by `prune`. A write that publishes an
event may store its row in the write's own statement (`row`, `insert_event_from`), then
`handle` it: why the row is kept at all is in docs/architecture.md ("Domain events").
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import Insert, bindparam, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.events import DomainEvent
from bot.ports.events import EventHandlers, EventRow
from bot.storage.core import execute_core
from bot.storage.event_models import DomainEventRow
from bot.storage.models import Base

if TYPE_CHECKING:
    from bot.ports.uow import UnitOfWork

EVENTS = Base.metadata.tables[DomainEventRow.__tablename__]
EVENT_FIELDS = ("kind", "athlete_id", "payload", "occurred_at", "handled_at")


@cache
def insert_event() -> Insert:
    """Built once on first use: an INSERT with bound values finds its compiled form in
    SQLAlchemy's cache at once (values given inline made a new statement to key each time)."""
    return insert(EVENTS)


def event_values(row: EventRow) -> dict[str, Any]:
    """The INSERT's values of a row, written already handled (see the module docstring)."""
    return dict(zip(EVENT_FIELDS, (*row, row.occurred_at), strict=True))


def insert_event_from(source: Any) -> Insert:
    """Store one event per row of `source` (a CTE of another write), its values bound as
    `event_<field>`: an event stored with that write, in its statement (PostgreSQL)."""
    values = [
        bindparam(f"event_{name}", type_=EVENTS.c[name].type).label(name) for name in EVENT_FIELDS
    ]
    return insert(EVENTS).from_select(list(EVENT_FIELDS), select(*values).select_from(source))


def event_params(row: EventRow) -> dict[str, Any]:
    """The parameters of `insert_event_from` for one row."""
    return {f"event_{name}": value for name, value in event_values(row).items()}


class SqlEventLog:
    """The unit of work's events: each stored, then handled from its row in this transaction."""

    def __init__(
        self, session: AsyncSession, clock: Clock, handlers: EventHandlers, uow: UnitOfWork
    ) -> None:
        self._session = session
        self._clock = clock
        self._handlers = handlers
        self._uow = uow
        self._unhandled: list[EventRow] = []  # stored, not yet dispatched
        self._dispatching = False

    async def publish(self, event: DomainEvent) -> None:
        """Store the event, then dispatch it from its stored row in this transaction.

        An event published by a handler is stored at once and dispatched after the handler
        returns, by the dispatch already running (events are handled in the order stored)."""
        row = self.row(event)
        await execute_core(self._session, insert_event(), event_values(row))
        await self.handle(row)

    def row(self, event: DomainEvent) -> EventRow:
        """The row `publish` stores: kind, athlete, the payload's JSON text, now."""
        payload = json.dumps(event.payload(), sort_keys=True)
        return EventRow(event.kind, event.athlete(), payload, self._clock.now())

    def expect(self, event_type: type[DomainEvent]) -> None:
        """Let the handlers of `event_type` ask for their reads to ride on the sender's."""
        for prepare in self._handlers.ahead_of(event_type.kind):
            prepare(self._uow)

    async def handle(self, row: EventRow) -> None:
        """Dispatch a row stored in this transaction (by `publish` or with another write)."""
        self._unhandled.append(row)
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
            delete(EVENTS).where(EVENTS.c.handled_at < handled_before)
        )
        return int(getattr(result, "rowcount", 0) or 0)
