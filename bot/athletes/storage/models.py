"""The athletes feature's tables: athletes, their platform accounts and training profiles."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    SmallInteger,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base, IdType


class AthleteRow(Base):
    """A person; everything else about them hangs off this id."""

    __tablename__ = "athletes"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    dms_stopped: Mapped[bool] = mapped_column(Boolean, default=False)
    disclaimer_seen: Mapped[bool] = mapped_column(Boolean, default=False)
    # en, es or pt-BR; NULL for athletes from before languages, until a platform tells us.
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)


class PlatformAccountRow(Base):
    """A Discord, Telegram or console account pointing at its athlete."""

    __tablename__ = "platform_accounts"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True
    )
    display_name: Mapped[str] = mapped_column(String(100), default="")
    dm_chat_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    reachable: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ProfileRow(Base):
    """The training profile the program generator reads."""

    __tablename__ = "profiles"

    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), primary_key=True
    )
    goal: Mapped[str | None] = mapped_column(String(16), nullable=True)
    equipment: Mapped[str | None] = mapped_column(String(16), nullable=True)
    level: Mapped[str | None] = mapped_column(String(16), nullable=True)
    days_per_week: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    avoid: Mapped[str] = mapped_column(String(64), default="")
    timezone: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Week 1 of the program starts on this date; None until the first program is issued.
    program_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
