"""Pruning the domain events table: handled events are kept a while (for `mydata` and for
looking back at what happened), then deleted by a periodic job."""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.clock import Clock
from bot.jobs import PeriodicJob
from bot.ports import UnitOfWorkFactory

log = logging.getLogger(__name__)

RETENTION = timedelta(days=7)  # how long a handled event stays in `domain_events`
PRUNE_JOB = "events.prune"
PRUNE_EVERY = 3600.0  # seconds: a day's events at most wait an hour past their retention


class EventRetention:
    """Deletes handled events older than the retention, on the injected clock."""

    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, retention: timedelta = RETENTION
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._retention = retention

    async def prune(self) -> int:
        """Delete the events handled more than the retention ago; how many went."""
        async with self._uow() as uow:
            pruned = await uow.events.prune(self._clock.now() - self._retention)
            await uow.commit()
        if pruned:
            log.info("pruned %d handled domain events", pruned)
        return pruned

    async def _run(self) -> None:
        await self.prune()

    def job(self) -> PeriodicJob:
        """The periodic job that prunes (hourly; bootstrap runs it on the elected process)."""
        return PeriodicJob(PRUNE_JOB, PRUNE_EVERY, self._run)
