"""The training log's reads: what an athlete logged, whether or not a challenge counted it.

Entries are written with their challenge credits (`log`: bot/challenges/credits.py) or as a
check-in's result answer (bot/checkins/results.py), each in that action's unit of work.
"""

from __future__ import annotations

from datetime import datetime

from bot.ports import UnitOfWorkFactory


class TrainingLogService:
    """Reads the athlete's training log."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def history(self, athlete_id: int) -> list[tuple[str, str | None, int, datetime]]:
        """The athlete's own logs (kind, exercise id, amount, moment), oldest first."""
        async with self._uow() as uow:
            return await uow.training_logs.for_athlete(athlete_id)
