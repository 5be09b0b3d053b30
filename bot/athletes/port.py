"""Storage ports for athletes, their platform accounts, profiles and operational state."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Protocol

from bot.athletes.rules import Account, Athlete, TrainingProfile


class AthleteRepository(Protocol):
    """Athletes by id."""

    async def add(self, language: str | None = None) -> Athlete:
        """Create a new athlete (speaking `language`, when known) and return it."""
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
        language: str | None = None,
    ) -> None:
        """Update the athlete's flags (and language) that are given."""
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

    async def recipients(
        self, athlete_ids: Collection[int]
    ) -> dict[int, tuple[bool, list[Account]]]:
        """(dms stopped, accounts oldest first) per athlete id."""
        ...


class ProfileRepository(Protocol):
    """One training profile per athlete."""

    async def get(self, athlete_id: int) -> TrainingProfile | None:
        """Return the athlete's profile or None."""
        ...

    async def save(self, athlete_id: int, profile: TrainingProfile) -> None:
        """Insert or replace the athlete's profile."""
        ...

    async def program_start(self, athlete_id: int) -> date | None:
        """The Monday week 1 of the athlete's program began, or None."""
        ...

    async def set_program_start(self, athlete_id: int, start: date) -> None:
        """Remember when week 1 began (the profile row must exist)."""
        ...


class StateRepository(Protocol):
    """Operational key/value facts (not user data)."""

    async def get(self, key: str) -> str | None:
        """Return the stored value or None."""
        ...

    async def put(self, key: str, value: str) -> None:
        """Insert or replace a value."""
        ...
