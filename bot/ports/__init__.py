"""Interfaces the core depends on; storage and platform adapters implement them.

One module per area; everything is re-exported here so callers import from `bot.ports`.
"""

from bot.ports.accounts import AthleteDataRepository, LinkCodeRepository
from bot.ports.athletes import (
    AccountRepository,
    AthleteRepository,
    ProfileRepository,
    StateRepository,
)
from bot.ports.challenges import (
    ChallengeRepository,
    CreditRepository,
    MembersChanged,
    TrainingLogRepository,
)
from bot.ports.checkins import CheckinRepository, SessionSource
from bot.ports.delivery import DeliveryError, RecipientUnreachable, RetryLater, Sender
from bot.ports.dispatch import Holders, Wakeup
from bot.ports.groups import GroupDirectory, PostingPlace
from bot.ports.lanes import UserLocks
from bot.ports.uow import UnitOfWork, UnitOfWorkFactory

__all__ = [
    "AccountRepository",
    "AthleteDataRepository",
    "AthleteRepository",
    "ChallengeRepository",
    "CheckinRepository",
    "CreditRepository",
    "DeliveryError",
    "GroupDirectory",
    "Holders",
    "LinkCodeRepository",
    "MembersChanged",
    "PostingPlace",
    "ProfileRepository",
    "RecipientUnreachable",
    "RetryLater",
    "Sender",
    "SessionSource",
    "StateRepository",
    "TrainingLogRepository",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "UserLocks",
    "Wakeup",
]
