"""The training log's table: one row per `log` or check-in result answer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base, IdType


class TrainingLogRow(Base):
    """The athlete's own training history from `log`, whether or not a challenge counted it."""

    __tablename__ = "training_logs"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    exercise_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    amount: Mapped[int] = mapped_column(Integer)
    logged_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Per-set detail (`log reps hip-thrust 3x12 @40kg rir 2`, or a check-in's result answer);
    # all NULL for a plain total. The program's progression reads these back.
    set_reps: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    sets: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    load_used: Mapped[str | None] = mapped_column(String(32), nullable=True)
    rir: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    reached_top: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
