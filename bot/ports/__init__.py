"""Interfaces the core depends on; storage and platform adapters implement them.

One module per area; everything is re-exported here so callers import from `bot.ports`.
"""

from bot.accounts.port import AthleteDataRepository, LinkCodeRepository
from bot.athletes.port import (
    AccountRepository,
    AthleteRepository,
    ProfileRepository,
    StateRepository,
)
from bot.challenges.port import (
    ChallengeRepository,
    CreditRepository,
    MembersChanged,
)
from bot.challenges.posting_port import GroupDirectory, PostingPlace
from bot.checkins.port import CheckinRepository, SessionSource
from bot.ports.delivery import DeliveryError, RecipientUnreachable, RetryLater, Sender
from bot.ports.dispatch import Holders, Wakeup
from bot.ports.events import EventHandlers, EventLog, EventRow
from bot.ports.lanes import UserLocks
from bot.ports.transactions import Conflict
from bot.ports.uow import AthleteRef, Identify, UnitOfWork, UnitOfWorkFactory, athlete_in
from bot.training_log.port import TrainingLogRepository

__all__ = [
    "AccountRepository",
    "AthleteDataRepository",
    "AthleteRef",
    "AthleteRepository",
    "ChallengeRepository",
    "CheckinRepository",
    "Conflict",
    "CreditRepository",
    "DeliveryError",
    "EventHandlers",
    "EventLog",
    "EventRow",
    "GroupDirectory",
    "Holders",
    "Identify",
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
    "athlete_in",
]
