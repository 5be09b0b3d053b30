"""Storage ports for link codes and the generic per-athlete data (export, merge, delete)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.accounts.rules import LinkCode


class LinkCodeRepository(Protocol):
    """One-time link codes (stored hashed) and wrong guesses."""

    async def replace(
        self, athlete_id: int, code_hash: str, platform: str, now: datetime, expires_at: datetime
    ) -> bool:
        """Store a new code for the athlete (dropping their unused ones); False on a clash."""
        ...

    async def find(self, code_hash: str) -> LinkCode | None:
        """The code with this hash, used or not, or None."""
        ...

    async def claim(self, code_hash: str, now: datetime) -> bool:
        """Mark an unused, unexpired code used; True for exactly one caller, ever."""
        ...

    async def record_failure(self, athlete_id: int, now: datetime) -> None:
        """Remember one wrong code typed by the athlete."""
        ...

    async def failures_since(self, athlete_id: int, since: datetime) -> tuple[int, datetime | None]:
        """How many wrong codes the athlete typed after `since`, and the earliest of them."""
        ...

    async def purge(self, before: datetime) -> None:
        """Forget codes that expired and wrong guesses made before `before`."""
        ...


class AthleteDataRepository(Protocol):
    """Every row keyed to an athlete, in every table of every feature."""

    async def export(self, athlete_id: int) -> dict[str, object]:
        """Everything about the athlete by table, JSON-safe, nothing about other people."""
        ...

    async def merge(self, keep_id: int, drop_id: int) -> int:
        """Move the rows of `drop_id` to `keep_id` (keep wins conflicts); delete `drop_id`."""
        ...

    async def delete(self, athlete_id: int) -> bool:
        """Delete the athlete and, by cascade, everything keyed to them."""
        ...
