"""The unit of work: one transaction and every repository on it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Protocol, Self

from bot.accounts.port import AthleteDataRepository, LinkCodeRepository
from bot.athletes.context_port import SenderContextRepository
from bot.athletes.port import (
    AccountRepository,
    AthleteRepository,
    ProfileRepository,
    StateRepository,
)
from bot.challenges.port import ChallengeRepository, CreditRepository
from bot.challenges.posting_port import GroupDirectory
from bot.checkins.port import CheckinRepository
from bot.ports.events import EventLog
from bot.training_log.port import TrainingLogRepository


class UnitOfWork(Protocol):
    """One transaction: repositories plus commit; leaving without commit rolls back.

    Repositories are read-only properties so implementations may narrow their types.
    """

    @property
    def athletes(self) -> AthleteRepository: ...

    @property
    def accounts(self) -> AccountRepository: ...

    @property
    def profiles(self) -> ProfileRepository: ...

    @property
    def state(self) -> StateRepository: ...

    @property
    def challenges(self) -> ChallengeRepository: ...

    @property
    def credits(self) -> CreditRepository: ...

    @property
    def training_logs(self) -> TrainingLogRepository: ...

    @property
    def checkins(self) -> CheckinRepository: ...

    @property
    def link_codes(self) -> LinkCodeRepository: ...

    @property
    def athlete_data(self) -> AthleteDataRepository: ...

    @property
    def groups(self) -> GroupDirectory: ...

    @property
    def sender_context(self) -> SenderContextRepository: ...

    @property
    def events(self) -> EventLog: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None:
        """Make the transaction's changes permanent."""
        ...


UnitOfWorkFactory = Callable[[], UnitOfWork]


Identify = Callable[[UnitOfWork], Awaitable[int]]
"""Finds the message's sender inside the action's own unit of work: their athlete id."""

AthleteRef = int | Identify
"""An athlete: its id, or the sender to identify in the unit of work that acts for them."""


async def athlete_in(uow: UnitOfWork, athlete: AthleteRef) -> int:
    """The athlete's id: as given, or identified in `uow` (the sender read with the action)."""
    return athlete if isinstance(athlete, int) else await athlete(uow)
