"""Interfaces the core depends on; storage and platform adapters implement them."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Protocol, Self

from bot.domain.athletes import Account, Athlete, TrainingProfile
from bot.types import Reply


class AthleteRepository(Protocol):
    """Athletes by id."""

    async def add(self) -> Athlete:
        """Create a new athlete and return it."""
        ...

    async def get(self, athlete_id: int) -> Athlete | None:
        """Return the athlete or None."""
        ...

    async def set_flags(
        self,
        athlete_id: int,
        *,
        dms_stopped: bool | None = None,
        disclaimer_seen: bool | None = None,
    ) -> None:
        """Update the athlete's flags that are given."""
        ...


class AccountRepository(Protocol):
    """Platform accounts: (platform, external id) -> athlete."""

    async def find(self, platform: str, external_id: str) -> Account | None:
        """Return the account or None."""
        ...

    async def add(self, account: Account) -> Account:
        """Store a new account."""
        ...

    async def for_athlete(self, athlete_id: int) -> list[Account]:
        """All accounts of an athlete."""
        ...

    async def update(self, account: Account) -> None:
        """Save changed fields of an existing account."""
        ...


class ProfileRepository(Protocol):
    """One training profile per athlete."""

    async def get(self, athlete_id: int) -> TrainingProfile | None:
        """Return the athlete's profile or None."""
        ...

    async def save(self, athlete_id: int, profile: TrainingProfile) -> None:
        """Insert or replace the athlete's profile."""
        ...


class StateRepository(Protocol):
    """Operational key/value facts (not user data)."""

    async def get(self, key: str) -> str | None:
        """Return the stored value or None."""
        ...

    async def put(self, key: str, value: str) -> None:
        """Insert or replace a value."""
        ...


class UnitOfWork(Protocol):
    """One transaction: repositories plus commit; leaving without commit rolls back."""

    athletes: AthleteRepository
    accounts: AccountRepository
    profiles: ProfileRepository
    state: StateRepository

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


class DeliveryError(Exception):
    """A message the core started could not be delivered."""


class RecipientUnreachable(DeliveryError):
    """The user blocked the bot or the chat is gone: stop sending until they write again."""


class RetryLater(DeliveryError):
    """The platform asked us to slow down or failed temporarily."""

    def __init__(self, seconds: float, reason: str = "") -> None:
        super().__init__(reason or f"retry after {seconds}s")
        self.seconds = seconds


class Sender(Protocol):
    """Delivers core-initiated messages (check-ins, programs, standings) on one platform."""

    async def send_dm(self, user_external_id: str, reply: Reply) -> None:
        """Send a direct message to a platform user; raises DeliveryError subclasses."""
        ...

    async def send_channel(self, channel_id: str, reply: Reply) -> None:
        """Post in a channel or group chat; raises DeliveryError subclasses."""
        ...
