"""Tables of the check-in feature: one schedule per athlete and one row per check-in."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base, IdType


class CheckinScheduleRow(Base):
    """When to DM an athlete; the next due moments are stored in UTC for an indexed claim."""

    __tablename__ = "checkin_schedules"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), unique=True
    )
    days: Mapped[str] = mapped_column(String(27))  # "mon,wed,fri"
    local_time: Mapped[str] = mapped_column(String(5))  # "18:00"
    timezone: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    paused_reason: Mapped[str | None] = mapped_column(String(16), nullable=True)
    notice_pending: Mapped[bool] = mapped_column(Boolean, default=False)
    preferred_platform: Mapped[str | None] = mapped_column(String(16), nullable=True)
    # NULL while paused, so the claim's `next_due_at <= now` never picks a paused schedule.
    next_due_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True, index=True
    )
    summary_due_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True, index=True
    )
    program_due_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True, index=True
    )
    # The holder id of the dispatcher whose weekly lease the due moment is (NULL: no lease),
    # so a new leader makes a dead holder's leases due again at once.
    summary_held_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    program_held_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CheckinRow(Base):
    """One check-in; the unique (athlete, moment) key makes every send happen at most once."""

    __tablename__ = "checkins"
    __table_args__ = (
        UniqueConstraint("athlete_id", "scheduled_at"),
        Index("ix_checkins_status_send_after", "status", "send_after"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    scheduled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    local_day: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12))
    # For "pending": when it may be sent; for "sending": when the claim's lease ends.
    send_after: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # For "sending": the dispatcher process (holder id) that claimed it; NULL otherwise.
    claimed_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
    snoozes: Mapped[int] = mapped_column(SmallInteger, default=0)
    platform: Mapped[str | None] = mapped_column(String(16), nullable=True)
    session_title: Mapped[str | None] = mapped_column(String(100), nullable=True)
    session_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    difficulty: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    pain_exercise: Mapped[str | None] = mapped_column(String(64), nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
