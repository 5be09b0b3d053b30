"""Domain events: what one feature tells the others, recorded with the change that caused it.

An event is published inside a unit of work: it is stored (`domain_events`) and its handlers
run from the stored row in that same transaction, which marks the row handled; so the change,
the event and every effect it has on other features commit together or not at all. Handled
rows are pruned after a retention (`bot/event_retention.py`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
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
        return {
            name: value.isoformat() if isinstance(value, datetime) else value
            for name, value in asdict(self).items()
        }

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Self:
        """The event again from its stored `payload()` (moments parsed back from ISO text)."""
        hints = get_type_hints(cls)
        values = {
            field.name: datetime.fromisoformat(payload[field.name])
            if hints[field.name] is datetime
            else payload[field.name]
            for field in fields(cls)
        }
        return cls(**values)


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
