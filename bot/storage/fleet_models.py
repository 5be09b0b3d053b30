"""Tables a fleet of processes shares on PostgreSQL: per-user command windows, send pacing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base


class RateLimitRow(Base):
    """One user's recent accepted commands (the sliding window of bot/domain/ratelimit.py).

    The key is a digest of platform and user id, and rows idle past the window are swept,
    so nothing here outlives a minute of a user's activity or names them.
    """

    __tablename__ = "rate_limits"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    hits: Mapped[list[float]] = mapped_column(JSON)  # seconds since the epoch, oldest first
    told_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class SendBudgetRow(Base):
    """A bot-wide send budget shared by every process: when its next send may go out."""

    __tablename__ = "send_budgets"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    next_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
