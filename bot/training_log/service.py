"""The training log's reads: what an athlete logged, whether or not a challenge counted it.

Entries are written with their challenge credits (`log`: bot/challenges/credits.py) or as a
check-in's result answer (bot/checkins/results.py), each in that action's unit of work.
"""

from __future__ import annotations

from bot.ports import UnitOfWorkFactory
from bot.training_log.rules import TrainingEntry


class TrainingLogService:
    """Reads the athlete's training log."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def history(self, athlete_id: int) -> list[TrainingEntry]:
        """The athlete's own log entries, oldest first."""
        async with self._uow() as uow:
            return await uow.training_logs.for_athlete(athlete_id)
