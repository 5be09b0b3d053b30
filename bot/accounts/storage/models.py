"""Tables for account linking: one-time link codes (hashed) and failed guesses."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base, IdType


class LinkCodeRow(Base):
    """A one-time code that joins another platform account to this athlete."""

    __tablename__ = "link_codes"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    # Only a hash is stored; `export: False` keeps it out of `mydata` too.
    code_hash: Mapped[str] = mapped_column(String(64), unique=True, info={"export": False})
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True
    )
    platform: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class LinkAttemptRow(Base):
    """One wrong code typed by an athlete; counted to limit guessing."""

    __tablename__ = "link_attempts"
    # Recording a wrong guess is itself the point of a refusal, so the fuzz test's
    # "a refusal stores nothing" rule skips this table.
    __table_args__ = ({"info": {"refusal_audit": True}},)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True
    )
    attempted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
