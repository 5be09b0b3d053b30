"""Domain events: what one feature tells the others, recorded with the change that caused it.

An event is published inside a unit of work: it is stored (`domain_events`) and its handlers
run from the stored row in that same transaction, which marks the row handled; so the change,
the event and every effect it has on other features commit together or not at all. Handled
rows are pruned after a retention (`bot/event_retention.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, ClassVar, Self, get_type_hints


@dataclass(frozen=True, slots=True)
class DomainEvent:
    """Base class: `kind` names the event in storage; fields must be JSON-friendly or moments."""

    kind: ClassVar[str] = "event"

    def athlete(self) -> int | None:
        """The athlete the event is about: stored beside it, so `mydata` exports it and
        `forget` deletes it with the athlete."""
        found = getattr(self, "athlete_id", None)
        return found if isinstance(found, int) else None

    def payload(self) -> dict[str, Any]:
        """The event's fields, moments as ISO text."""
        # Fields are flat (ids, text, moments): read them directly; asdict deep-copies.
        values = ((field.name, getattr(self, field.name)) for field in fields(self))
        return {
            name: value.isoformat() if isinstance(value, datetime) else value
            for name, value in values
        }

    @classmethod
    def from_payload(cls, payload: dict[str, Any], moments: tuple[str, ...] | None = None) -> Self:
        """The event again from its stored `payload()`, the `moments` fields (by default
        `moment_fields(cls)`, slow: pass them when decoding often) parsed from ISO text."""
        values = dict(payload)
        for name in moment_fields(cls) if moments is None else moments:
            values[name] = datetime.fromisoformat(values[name])
        return cls(**values)


def moment_fields(event_type: type[DomainEvent]) -> tuple[str, ...]:
    """The names of an event type's fields that hold moments (reads its annotations)."""
    hints = get_type_hints(event_type)
    return tuple(field.name for field in fields(event_type) if hints[field.name] is datetime)


@dataclass(frozen=True, slots=True)
class SessionCounted(DomainEvent):
    """A check-in now counts as a training session (answered Done or Partly) and did not."""

    kind: ClassVar[str] = "checkin.session_counted"
    athlete_id: int
    at: datetime  # the check-in's scheduled moment: (athlete, moment) is the session's identity


@dataclass(frozen=True, slots=True)
class SessionUncounted(DomainEvent):
    """A check-in that counted as a session no longer does (answer changed to Skipped or Pain)."""

    kind: ClassVar[str] = "checkin.session_uncounted"
    athlete_id: int
    at: datetime


@dataclass(frozen=True, slots=True)
class AthleteForgetting(DomainEvent):
    """`forget` is about to delete the athlete (published just before, in its transaction):
    features fix what the cascade cannot, e.g. maintained board counts."""

    kind: ClassVar[str] = "privacy.athlete_forgetting"
    athlete_id: int


@dataclass(frozen=True, slots=True)
class AthletesMerged(DomainEvent):
    """`link` merged athlete `dropped` into `athlete_id` (published after the rows moved, in
    the merge's transaction): features recompute what depended on either."""

    kind: ClassVar[str] = "accounts.athletes_merged"
    athlete_id: int  # the athlete kept
    dropped: int
