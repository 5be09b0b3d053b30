"""The SQLAlchemy unit of work: one session, one transaction, the repositories on it."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Generic, Self, TypeVar

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

R = TypeVar("R")


class _Repository(Generic[R]):
    """A unit of work's repository, built on first use and then kept on the instance (a
    non-data descriptor: the instance's own attribute wins from then on)."""

    def __init__(self, build: Callable[[SqlUnitOfWork], R]) -> None:
        self._build = build
        self._name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, uow: SqlUnitOfWork, owner: type | None = None) -> R:
        built = uow.__dict__[self._name] = self._build(uow)
        return built


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
    def clock(self) -> Clock:
        """The clock the repositories stamp their writes with."""
        return self._clock

    @property
    def handlers(self) -> EventHandlers:
        """The event handlers this unit of work's events go to."""
        return self._handlers

    @property
    def session(self) -> AsyncSession:
        """The open session, for repositories added by later features."""
        assert self._session is not None, "use the unit of work inside `async with`"
        return self._session

    async def commit(self) -> None:
        """Make the transaction's changes permanent."""
        await self.session.commit()

    # Built on first use in each transaction: a message touches two or three of thirteen.
    athletes = _Repository(lambda uow: SqlAthleteRepository(uow.session, uow.clock))
    accounts = _Repository(lambda uow: SqlAccountRepository(uow.session, uow.clock))
    profiles = _Repository(lambda uow: SqlProfileRepository(uow.session, uow.clock))
    state = _Repository(lambda uow: SqlStateRepository(uow.session))
    link_codes = _Repository(lambda uow: SqlLinkCodeRepository(uow.session))
    athlete_data = _Repository(lambda uow: SqlAthleteDataRepository(uow.session))
    challenges = _Repository(lambda uow: SqlChallengeRepository(uow.session))
    credits = _Repository(lambda uow: SqlCreditRepository(uow.session))
    training_logs = _Repository(lambda uow: SqlTrainingLogRepository(uow.session))
    checkins = _Repository(lambda uow: SqlCheckinRepository(uow.session, uow.clock))
    groups = _Repository(lambda uow: SqlGroupDirectory(uow.session))
    sender_context = _Repository(lambda uow: SqlSenderContextRepository(uow.session))
    events = _Repository(lambda uow: SqlEventLog(uow.session, uow.clock, uow.handlers, uow))


_REPOSITORIES = tuple(
    name for name, value in vars(SqlUnitOfWork).items() if isinstance(value, _Repository)
)


def make_uow_factory(
    engine: AsyncEngine, clock: Clock, handlers: EventHandlers | None = None
) -> UnitOfWorkFactory:
    """Return a callable that opens a fresh unit of work on the engine; events published in
    it go to `handlers` (bootstrap fills them once every service exists)."""
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    return lambda: SqlUnitOfWork(sessions, clock, handlers)
