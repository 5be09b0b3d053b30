"""Publishing domain events inside a unit of work, and the handlers that react to them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from bot.domain.events import DomainEvent

if TYPE_CHECKING:
    from bot.ports.uow import UnitOfWork

E = TypeVar("E", bound=DomainEvent)
Handler = Callable[["UnitOfWork", Any], Awaitable[None]]


class EventLog(Protocol):
    """The unit of work's events: each is stored and handled in the same transaction."""

    async def publish(self, event: DomainEvent) -> None:
        """Run the event's handlers in this unit of work, then record it as handled."""
        ...


class EventHandlers:
    """Who reacts to which event; filled once by bootstrap, read by every unit of work."""

    def __init__(self) -> None:
        self._by_kind: dict[str, list[Handler]] = {}

    def on(self, event_type: type[E], handler: Callable[[UnitOfWork, E], Awaitable[None]]) -> None:
        """Call `handler(uow, event)` for every `event_type` published, in its transaction."""
        self._by_kind.setdefault(event_type.kind, []).append(handler)

    def for_event(self, event: DomainEvent) -> list[Handler]:
        """The handlers of this event's kind, in the order they were added."""
        return self._by_kind.get(event.kind, [])
