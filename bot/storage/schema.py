"""The complete schema: importing this registers every feature's tables on `Base.metadata`."""

from __future__ import annotations

from sqlalchemy import MetaData

from bot.storage import (
    account_models,
    challenge_models,
    checkin_models,
    event_models,
    fleet_models,
    models,
)
from bot.storage.models import Base

# Each feature's table module is imported here so Alembic and the tests see all tables.
FEATURE_MODULES = (
    models,
    challenge_models,
    account_models,
    checkin_models,
    fleet_models,
    event_models,
)


def full_metadata() -> MetaData:
    """The metadata holding every table of every feature."""
    return Base.metadata
