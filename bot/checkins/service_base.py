"""What every part of the check-in service shares: storage, clock and the dispatcher's wakeup."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from bot.clock import Clock
from bot.ports import UnitOfWorkFactory, Wakeup
from bot.training_log.rules import TrainingEntry

# The athlete's own training log, oldest first.
TrainingHistory = Callable[[int], Awaitable[list[TrainingEntry]]]


class CheckinServiceBase:
    """The state the schedule, answer and report parts of `CheckinService` work with."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        default_timezone: str,
        training_log: TrainingHistory | None = None,
        wakeup: Wakeup | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._default_timezone = default_timezone
        self._training_log = training_log
        self.wakeup = wakeup  # told about every new due moment, so the dispatcher wakes then

    def _due_at(self, moment: datetime | None) -> None:
        if self.wakeup is not None and moment is not None:
            self.wakeup.due_at(moment)
