"""Tables for group challenges: groups, challenges, members with maintained totals, and
what each log counted (the training log itself: bot/training_log/storage/models.py)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base, IdType

MEMBER_NAME_CHARS = 40  # a member's display name on the boards


class ChatGroupRow(Base):
    """A Discord server or Telegram group that owns challenges; its settings."""

    __tablename__ = "chat_groups"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(100), default="")
    timezone: Mapped[str] = mapped_column(String(64))
    moderator_role: Mapped[str | None] = mapped_column(String(64), nullable=True)
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)  # posts' language
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Set while the bot is not in the group (removed from it): no posts go there until it is
    # added back, so standings and results wait instead of failing.
    bot_removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ChallengeRow(Base):
    """One challenge; dates are local to `timezone`, frozen from the group at creation."""

    __tablename__ = "challenges"
    __table_args__ = (UniqueConstraint("group_id", "name_key"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("chat_groups.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(60))
    name_key: Mapped[str] = mapped_column(String(60))
    metric: Mapped[str] = mapped_column(String(80))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    timezone: Mapped[str] = mapped_column(String(64))
    channel_id: Mapped[str] = mapped_column(String(64))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Moved to the moment a moderator ends the challenge early.
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    ended_early: Mapped[bool] = mapped_column(Boolean, default=False)
    announced_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Number of weekly standings posts done (week N is due N*7 days after the start).
    standings_week: Mapped[int] = mapped_column(Integer, default=0)
    # Visible members, maintained on join/leave so boards need no count over everyone.
    members: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ChallengeMemberRow(Base):
    """A member's totals in one challenge, updated on every log."""

    __tablename__ = "challenge_members"
    __table_args__ = (
        UniqueConstraint("challenge_id", "athlete_id"),
        # Top-N is a short scan of this index read backwards; ranks come from challenge_scores.
        Index("ix_challenge_members_board", "challenge_id", "hidden", "score", "tie_key"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"))
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True
    )
    display_name: Mapped[str] = mapped_column(String(MEMBER_NAME_CHARS), default="")
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    score: Mapped[int] = mapped_column(Integer, default=0)
    # Tie order: higher tie_key first = reached the score earlier. It is the negated
    # microsecond timestamp of the moment the score was reached, so one ascending index
    # read backwards yields (score DESC, reached first) without a sort.
    tie_key: Mapped[int] = mapped_column(IdType)
    day: Mapped[date | None] = mapped_column(Date, nullable=True)
    day_amount: Mapped[int] = mapped_column(Integer, default=0)
    run: Mapped[int] = mapped_column(Integer, default=0)
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Bumped by every write of the totals (credits) or of `hidden` (leave, re-join): a credit
    # is stored only if the version it was worked out from is still there
    # (bot/challenges/storage/credit_statements.py).
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ChallengeScoreRow(Base):
    """How many visible members hold each score: rank = 1 + the members above my score."""

    __tablename__ = "challenge_scores"

    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), primary_key=True
    )
    score: Mapped[int] = mapped_column(Integer, primary_key=True)
    members: Mapped[int] = mapped_column(Integer, default=0)


class ChallengeLogRow(Base):
    """What one log counted toward one challenge (sessions within the cap, or reps)."""

    __tablename__ = "challenge_logs"
    __table_args__ = (
        Index("ix_challenge_logs_member_day", "athlete_id", "challenge_id", "local_day"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"))
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    local_day: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(16))
    logged_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
