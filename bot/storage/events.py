"""Domain events in SQL: handled in the publishing unit of work, stored in `domain_events`."""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import Insert, insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.events import DomainEvent
from bot.ports.events import EventHandlers
from bot.storage.event_models import DomainEventRow
from bot.storage.models import Base

if TYPE_CHECKING:
    from bot.ports.uow import UnitOfWork

_EVENTS = Base.metadata.tables[DomainEventRow.__tablename__]


class SqlEventLog:
    """Runs an event's handlers in the unit of work that published it, then stores it."""

    def __init__(
        self, session: AsyncSession, clock: Clock, handlers: EventHandlers, uow: UnitOfWork
    ) -> None:
        self._session = session
        self._clock = clock
        self._handlers = handlers
        self._uow = uow

    async def publish(self, event: DomainEvent) -> None:
        """Handle the event in this transaction and record it as handled; a handler's error
        leaves the transaction to roll back, the event with it."""
        for handler in self._handlers.for_event(event):
            await handler(self._uow, event)
        now = self._clock.now()
        row = {
            "kind": event.kind,
            "athlete_id": event.athlete(),
            "payload": json.dumps(event.payload(), sort_keys=True),
            "occurred_at": now,
            "handled_at": now,
        }
        await self._session.execute(_store(), row)


@cache
def _store() -> Insert:
    """Built once, so SQLAlchemy's compiled cache finds it without building a key each time."""
    return insert(_EVENTS)
