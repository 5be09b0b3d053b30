"""The training log in SQL (`training_logs`).

A `log` stores its entry in the same write as its challenge credits
(bot/challenges/storage/credits.py, through `training_row`); this repository reads the log and
stores check-in result answers.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.times import aware
from bot.training_log.rules import LiftDetail, LoggedLift, TrainingEntry
from bot.training_log.storage.models import TrainingLogRow


def training_row(training: TrainingEntry) -> dict[str, Any]:
    """The table row of a training log entry (plain totals leave the detail NULL)."""
    detail = training.detail or LiftDetail()
    return {
        "athlete_id": training.athlete_id,
        "kind": training.kind,
        "exercise_id": training.exercise_id,
        "amount": training.amount,
        "logged_at": training.at,
        "set_reps": detail.set_reps,
        "sets": detail.sets,
        "load_used": detail.load,
        "rir": detail.rir,
        "reached_top": detail.reached_top,
    }


_ENTRY_COLUMNS = (
    TrainingLogRow.athlete_id,
    TrainingLogRow.kind,
    TrainingLogRow.exercise_id,
    TrainingLogRow.amount,
    TrainingLogRow.logged_at,
    TrainingLogRow.set_reps,
    TrainingLogRow.sets,
    TrainingLogRow.load_used,
    TrainingLogRow.rir,
    TrainingLogRow.reached_top,
)


def _entry(
    athlete_id: int, kind: str, exercise_id: str | None, amount: int, at: datetime, *detail: Any
) -> TrainingEntry:
    """The domain entry of a stored row (no detail when the row has none, as `log` wrote it)."""
    lift = LiftDetail(*detail)
    empty = lift == LiftDetail()
    return TrainingEntry(athlete_id, kind, exercise_id, amount, aware(at), None if empty else lift)


class SqlTrainingLogRepository:
    """The athlete's own training log (`training_logs`)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def for_athlete(self, athlete_id: int) -> list[TrainingEntry]:
        """Every entry of the athlete's log, oldest first."""
        row = TrainingLogRow
        rows = await self._session.execute(
            select(*_ENTRY_COLUMNS)
            .where(row.athlete_id == athlete_id)
            .order_by(row.logged_at, row.id)
        )
        return [_entry(*found) for found in rows]

    async def lifts(self, athlete_id: int, since: datetime) -> list[LoggedLift]:
        """Logs with per-set detail or a check-in result from `since` on, oldest first."""
        row = TrainingLogRow
        rows = await self._session.execute(
            select(
                row.exercise_id,
                row.logged_at,
                row.set_reps,
                row.sets,
                row.load_used,
                row.rir,
                row.reached_top,
            )
            .where(
                row.athlete_id == athlete_id,
                row.logged_at >= since,
                row.exercise_id.is_not(None),
                or_(row.set_reps.is_not(None), row.reached_top.is_not(None)),
            )
            .order_by(row.logged_at, row.id)
        )
        return [LoggedLift(r.exercise_id, aware(r.logged_at), LiftDetail(*r[2:])) for r in rows]

    async def save_result(self, entry: TrainingEntry) -> None:
        """Store a check-in's result answer, replacing an earlier answer for that exercise."""
        row = TrainingLogRow
        await self._session.execute(
            delete(row).where(
                row.athlete_id == entry.athlete_id,
                row.kind == entry.kind,
                row.exercise_id == entry.exercise_id,
                row.logged_at == entry.at,
            )
        )
        self._session.add(TrainingLogRow(**training_row(entry)))
