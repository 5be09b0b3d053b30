"""The SQLAlchemy unit of work: one session, one transaction, the repositories on it."""

from __future__ import annotations

from functools import cached_property
from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.accounts.storage.athlete_data import SqlAthleteDataRepository
from bot.accounts.storage.repositories import SqlLinkCodeRepository
from bot.athletes.storage.context import SqlSenderContextRepository
from bot.athletes.storage.repositories import (
    SqlAccountRepository,
    SqlAthleteRepository,
    SqlProfileRepository,
    SqlStateRepository,
)
from bot.challenges.storage.credits import SqlCreditRepository
from bot.challenges.storage.group_directory import SqlGroupDirectory
from bot.challenges.storage.repositories import SqlChallengeRepository
from bot.checkins.storage.repositories import SqlCheckinRepository
from bot.clock import Clock
from bot.ports import EventHandlers, UnitOfWorkFactory
from bot.storage.events import SqlEventLog
from bot.training_log.storage.repositories import SqlTrainingLogRepository

_REPOSITORIES = (
    "athletes",
    "accounts",
    "profiles",
    "state",
    "link_codes",
    "athlete_data",
    "challenges",
    "credits",
    "training_logs",
    "checkins",
    "groups",
    "sender_context",
    "events",
)


class SqlUnitOfWork:
    """`async with uow: ...; await uow.commit()`; leaving without commit rolls back."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        handlers: EventHandlers | None = None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._handlers = handlers or EventHandlers()
        self._session: AsyncSession | None = None

    async def __aenter__(self) -> Self:
        for name in _REPOSITORIES:  # built again on first use in this transaction
            self.__dict__.pop(name, None)
        self._session = self._sessions()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._session is not None
        try:
            await self._session.close()  # rolls back whatever was not committed
        finally:
            self._session = None

    @property
    def session(self) -> AsyncSession:
        """The open session, for repositories added by later features."""
        assert self._session is not None, "use the unit of work inside `async with`"
        return self._session

    async def commit(self) -> None:
        """Make the transaction's changes permanent."""
        await self.session.commit()

    # Repositories are built on first use: a message touches two or three of thirteen.

    @cached_property
    def athletes(self) -> SqlAthleteRepository:
        """The unit of work's athletes repository."""
        return SqlAthleteRepository(self.session, self._clock)

    @cached_property
    def accounts(self) -> SqlAccountRepository:
        """The unit of work's accounts repository."""
        return SqlAccountRepository(self.session, self._clock)

    @cached_property
    def profiles(self) -> SqlProfileRepository:
        """The unit of work's profiles repository."""
        return SqlProfileRepository(self.session, self._clock)

    @cached_property
    def state(self) -> SqlStateRepository:
        """The unit of work's state repository."""
        return SqlStateRepository(self.session)

    @cached_property
    def link_codes(self) -> SqlLinkCodeRepository:
        """The unit of work's link codes repository."""
        return SqlLinkCodeRepository(self.session)

    @cached_property
    def athlete_data(self) -> SqlAthleteDataRepository:
        """The unit of work's athlete data repository."""
        return SqlAthleteDataRepository(self.session)

    @cached_property
    def challenges(self) -> SqlChallengeRepository:
        """The unit of work's challenges repository."""
        return SqlChallengeRepository(self.session)

    @cached_property
    def credits(self) -> SqlCreditRepository:
        """The unit of work's credits repository."""
        return SqlCreditRepository(self.session)

    @cached_property
    def training_logs(self) -> SqlTrainingLogRepository:
        """The unit of work's training logs repository."""
        return SqlTrainingLogRepository(self.session)

    @cached_property
    def checkins(self) -> SqlCheckinRepository:
        """The unit of work's checkins repository."""
        return SqlCheckinRepository(self.session, self._clock)

    @cached_property
    def groups(self) -> SqlGroupDirectory:
        """The unit of work's groups repository."""
        return SqlGroupDirectory(self.session)

    @cached_property
    def sender_context(self) -> SqlSenderContextRepository:
        """The unit of work's sender context repository."""
        return SqlSenderContextRepository(self.session)

    @cached_property
    def events(self) -> SqlEventLog:
        """The unit of work's events repository."""
        return SqlEventLog(self.session, self._clock, self._handlers, self)


def make_uow_factory(
    engine: AsyncEngine, clock: Clock, handlers: EventHandlers | None = None
) -> UnitOfWorkFactory:
    """Return a callable that opens a fresh unit of work on the engine; events published in
    it go to `handlers` (bootstrap fills them once every service exists)."""
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    return lambda: SqlUnitOfWork(sessions, clock, handlers)
