"""Storage port of the training log: what athletes logged, kept whether or not a challenge
counted it."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.training_log.rules import LoggedLift, TrainingEntry


class TrainingLogRepository(Protocol):
    """The athlete's own training log from `log`."""

    async def for_athlete(self, athlete_id: int) -> list[TrainingEntry]:
        """Every entry of the athlete's log, oldest first."""
        ...

    async def lifts(self, athlete_id: int, since: datetime) -> list[LoggedLift]:
        """Logs with per-set detail or a check-in result from `since` on, oldest first."""
        ...

    async def save_result(self, entry: TrainingEntry) -> None:
        """Store a check-in's result answer, replacing an earlier answer for that exercise."""
        ...
