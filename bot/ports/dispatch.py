"""Ports of the dispatcher: which processes are alive, and when to wake it up."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Protocol


class Holders(Protocol):
    """Liveness of dispatcher processes; every claim a process takes carries its holder id."""

    holder: int  # this process's id

    async def start(self) -> None:
        """Take this process's liveness lock (idempotent, concurrent calls included); done before
        the first claim."""
        ...

    async def alive(self, holders: Collection[int]) -> set[int]:
        """The given holders whose process still runs (a killed one drops out at once)."""
        ...

    async def close(self) -> None:
        """Release the liveness lock; claims still held become others' to take over."""
        ...


class Wakeup(Protocol):
    """Tells the scheduler that work becomes due, so it runs the job then, not a tick later."""

    def due_at(self, moment: datetime) -> None:
        """Something is due at `moment` (UTC, on the injected clock): wake the job by then."""
        ...
