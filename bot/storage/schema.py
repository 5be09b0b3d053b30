"""The complete schema: importing this registers every feature's tables on `Base.metadata`."""

from __future__ import annotations

from sqlalchemy import MetaData

from bot.accounts.storage import models as account_models
from bot.athletes.storage import models as athlete_models
from bot.challenges.storage import models as challenge_models
from bot.checkins.storage import models as checkin_models
from bot.storage import event_models, fleet_models, models
from bot.storage.models import Base
from bot.training_log.storage import models as training_log_models

# Each feature's table module is imported here so Alembic and the tests see all tables.
FEATURE_MODULES = (
    models,
    athlete_models,
    challenge_models,
    training_log_models,
    account_models,
    checkin_models,
    fleet_models,
    event_models,
)


def full_metadata() -> MetaData:
    """The metadata holding every table of every feature."""
    return Base.metadata
