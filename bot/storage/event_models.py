"""The domain events table: every cross-feature event, stored with the change that caused it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base, IdType


class DomainEventRow(Base):
    """One published event; `handled_at` is set once its handlers ran from this row."""

    __tablename__ = "domain_events"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(64))
    # The athlete it is about: `mydata` exports it, `forget` deletes it, `link` moves it.
    athlete_id: Mapped[int | None] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), nullable=True, index=True
    )
    payload: Mapped[str] = mapped_column(Text)  # the event's fields as JSON
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # When its handlers ran (from this row, in the publishing transaction); NULL until then.
    # Handled rows older than the retention are pruned (bot/event_retention.py).
    handled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
