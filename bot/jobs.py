"""Periodic work the scheduler runs: each feature contributes jobs, the scheduler runs them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from bot.ports import Wakeup

NextDue = Callable[[], Awaitable[datetime | None]]
Listener = Callable[[str, datetime], None]


@dataclass(frozen=True)
class PeriodicJob:
    """`run()` finds its own due work in the database.

    It runs every `seconds` (a slow safety tick) and, when `next_due` is given, also at the
    moment `next_due()` names after each run, or that the feature reports to `Wakeups`.
    """

    name: str
    seconds: float
    run: Callable[[], Awaitable[None]]
    next_due: NextDue | None = None


class Wakeups:
    """Where features report that work becomes due; the running scheduler listens.

    Without a listening scheduler (tests, the console chat, before start) a report does
    nothing: the scheduler's first run finds that work anyway.
    """

    def __init__(self) -> None:
        self._listener: Listener | None = None

    def listen(self, listener: Listener | None) -> None:
        """Route reports to `listener(job name, moment)` (None: stop)."""
        self._listener = listener

    def report(self, job: str, moment: datetime) -> None:
        """Work of `job` becomes due at `moment`."""
        if self._listener is not None:
            self._listener(job, moment)

    def for_job(self, job: str) -> Wakeup:
        """The `Wakeup` port a feature uses to wake one job."""
        return JobWakeup(self, job)


@dataclass(frozen=True)
class JobWakeup:
    """Implements `bot.ports.Wakeup` for one job name."""

    hub: Wakeups
    job: str

    def due_at(self, moment: datetime) -> None:
        """Wake the job at `moment` (or sooner)."""
        self.hub.report(self.job, moment)
