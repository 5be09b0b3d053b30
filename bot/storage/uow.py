"""The SQLAlchemy unit of work: one session, one transaction, the repositories on it."""

from __future__ import annotations

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
        session = self._sessions()
        self._session = session
        self.athletes = SqlAthleteRepository(session, self._clock)
        self.accounts = SqlAccountRepository(session, self._clock)
        self.profiles = SqlProfileRepository(session, self._clock)
        self.state = SqlStateRepository(session)
        self.link_codes = SqlLinkCodeRepository(session)
        self.athlete_data = SqlAthleteDataRepository(session)
        self.challenges = SqlChallengeRepository(session)
        self.credits = SqlCreditRepository(session)
        self.training_logs = SqlTrainingLogRepository(session)
        self.checkins = SqlCheckinRepository(session, self._clock)
        self.groups = SqlGroupDirectory(session)
        self.sender_context = SqlSenderContextRepository(session)
        self.events = SqlEventLog(session, self._clock, self._handlers, self)
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


def make_uow_factory(
    engine: AsyncEngine, clock: Clock, handlers: EventHandlers | None = None
) -> UnitOfWorkFactory:
    """Return a callable that opens a fresh unit of work on the engine; events published in
    it go to `handlers` (bootstrap fills them once every service exists)."""
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    return lambda: SqlUnitOfWork(sessions, clock, handlers)
