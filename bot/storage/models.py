"""The one declarative base every feature's tables share, and the kernel's own table.

Each feature declares its tables in `bot/<feature>/storage/models.py` on this `Base`, so one
metadata (`bot.storage.schema.full_metadata`) holds every table for Alembic and the tests.
Every schema change also needs an Alembic migration."""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names keep Alembic's batch mode on SQLite able to find them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite only autoincrements INTEGER primary keys; PostgreSQL gets a BIGINT.
IdType = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    """Declarative base with the shared naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class BotStateRow(Base):
    """Small operational facts that must survive restarts (e.g. the synced command hash)."""

    __tablename__ = "bot_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(512))
