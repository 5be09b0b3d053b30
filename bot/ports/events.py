"""Publishing domain events inside a unit of work, and the handlers that react to them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeVar

from bot.events import DomainEvent, moment_fields

if TYPE_CHECKING:
    from bot.ports.uow import UnitOfWork

E = TypeVar("E", bound=DomainEvent)
Handler = Callable[["UnitOfWork", Any], Awaitable[None]]


class EventRow(NamedTuple):
    """An event as its `domain_events` row stores it (the payload as its JSON text)."""

    kind: str
    athlete_id: int | None
    payload: str
    occurred_at: datetime


class EventLog(Protocol):
    """The unit of work's events: each is stored, then handled from its row in the same
    transaction."""

    async def publish(self, event: DomainEvent) -> None:
        """Store the event, run its handlers from the stored row in this unit of work and mark
        the row handled."""
        ...

    def row(self, event: DomainEvent) -> EventRow:
        """The row `publish` would store, for a write that stores it with its own change
        (`handle` it once stored)."""
        ...

    async def handle(self, row: EventRow) -> None:
        """Run the handlers of an event another write stored in this unit of work, from that
        row (as `publish` does after its own insert)."""
        ...

    async def prune(self, handled_before: datetime) -> int:
        """Delete the events handled before that moment; how many went."""
        ...

    def expect(self, event_type: type[DomainEvent]) -> None:
        """This unit of work may publish `event_type` for its sender: its handlers' reads
        (`EventHandlers.read_ahead`) ask to ride on the sender's read (call before it)."""
        ...


class EventHandlers:
    """Who reacts to which event; filled once by bootstrap, read by every unit of work."""

    def __init__(self) -> None:
        self._by_kind: dict[str, list[Handler]] = {}
        # kind -> (event type, its moment fields), to decode stored rows
        self._types: dict[str, tuple[type[DomainEvent], tuple[str, ...]]] = {}
        self._ahead: dict[str, list[Callable[[UnitOfWork], None]]] = {}

    def on(self, event_type: type[E], handler: Callable[[UnitOfWork, E], Awaitable[None]]) -> None:
        """Call `handler(uow, event)` for every `event_type` published, in its transaction."""
        self._by_kind.setdefault(event_type.kind, []).append(handler)
        self._types[event_type.kind] = (event_type, moment_fields(event_type))

    def read_ahead(
        self, event_type: type[DomainEvent], prepare: Callable[[UnitOfWork], None]
    ) -> None:
        """Call `prepare(uow)` when a unit of work expects to publish `event_type` (before its
        sender is read): the handler's reads ride on that read (bot/storage/riders.py)."""
        self._ahead.setdefault(event_type.kind, []).append(prepare)

    def ahead_of(self, kind: str) -> list[Callable[[UnitOfWork], None]]:
        """The read-ahead preparations of this kind of event."""
        return self._ahead.get(kind, [])

    def for_kind(self, kind: str) -> list[Handler]:
        """The handlers of this kind of event, in the order they were added."""
        return self._by_kind.get(kind, [])

    def decode(self, kind: str, payload: dict[str, Any]) -> DomainEvent:
        """The event of a stored row, of the type its handlers were subscribed with."""
        event_type, moments = self._types[kind]
        return event_type.from_payload(payload, moments)
