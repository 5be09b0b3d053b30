"""Progress, weekly feedback and weekly summaries read from the check-in history."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date

from bot.calendar import week_start
from bot.checkins.messages import summary_message, weekly_focus
from bot.checkins.outcomes import WeekStats, outcome, streak, week_feedback, weekly_stats
from bot.checkins.schedules import Outcome
from bot.clock import Clock
from bot.i18n import Translator
from bot.ports import UnitOfWorkFactory
from bot.training_log.rules import TrainingEntry
from bot.types import Reply

CHART_WEEKS = 8
# The athlete's own training log, oldest first (the training log feature's `history`).
TrainingHistory = Callable[[int], Awaitable[list[TrainingEntry]]]


@dataclass(frozen=True)
class Progress:
    """What `progress` shows: streak, sessions, weekly adherence and exercise volume."""

    streak: int
    sessions_done: int  # check-ins answered Done or Partly (or already logged that day)
    sessions_logged: int  # sessions recorded with `log`, on any day
    weeks: list[WeekStats]
    volumes: dict[str, list[tuple[date, float]]]  # exercise name -> (week start, reps)


class ProgressReports:
    """Reports on an athlete's check-in history; changes nothing."""

    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, training_log: TrainingHistory | None = None
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._training_log = training_log

    async def progress(self, athlete_id: int, language: str = "en") -> Progress:
        """Streak, sessions done, weekly adherence and per-exercise weekly volume, exercises
        named in `language` (a BCP 47 tag) where their check-ins kept that name."""
        now = self._clock.now()
        async with self._uow() as uow:
            history = await uow.checkins.history(athlete_id)
        done = 0
        by_id: dict[str, dict[date, float]] = {}
        names: dict[str, str] = {}  # the newest check-in's name wins (older rows: English)
        for checkin in history:
            result = outcome(checkin, now)
            share = {Outcome.DONE: 1.0, Outcome.PARTLY: 0.5}.get(result, 0.0)
            done += result in (Outcome.DONE, Outcome.PARTLY)
            for exercise in checkin.session.exercises if checkin.session and share else ():
                names[exercise.id] = exercise.name_in(language)
                weekly = by_id.setdefault(exercise.id, {})
                start = week_start(checkin.local_day)
                weekly[start] = weekly.get(start, 0.0) + share * exercise.volume
        volumes = {names[exercise_id]: weekly for exercise_id, weekly in by_id.items()}
        logs = await self._training_log(athlete_id) if self._training_log else []
        return Progress(
            streak=streak(history, now),
            sessions_done=done,
            sessions_logged=sum(log.amount for log in logs if log.kind == "sessions"),
            weeks=weekly_stats(history, now)[-CHART_WEEKS:],
            volumes={name: sorted(points.items()) for name, points in volumes.items()},
        )

    async def week_feedback(
        self, athlete_id: int, start: date
    ) -> tuple[float | None, bool, frozenset[str]]:
        """(adherence or None, too hard, exercise ids that hurt) for the program generator."""
        async with self._uow() as uow:
            history = await uow.checkins.history(athlete_id, since=start)
        return week_feedback(history, start, self._clock.now())

    async def weeks_feedback(
        self, athlete_id: int, starts: list[date]
    ) -> list[tuple[float | None, bool, frozenset[str]]]:
        """week_feedback for several weeks from one read of the history (program history)."""
        if not starts:
            return []
        async with self._uow() as uow:
            history = await uow.checkins.history(athlete_id, since=min(starts))
        now = self._clock.now()
        return [week_feedback(history, start, now) for start in starts]

    async def summary(self, athlete_id: int, start: date, tr: Translator) -> Reply | None:
        """The weekly summary of the week starting on `start` (a Monday); None for an empty week."""
        now = self._clock.now()
        async with self._uow() as uow:
            history = await uow.checkins.history(athlete_id)
        week = [outcome(c, now) for c in history if week_start(c.local_day) == start]
        done = sum(result in (Outcome.DONE, Outcome.PARTLY) for result in week)
        planned = sum(result != Outcome.EXCUSED for result in week)
        if planned == 0:
            return None
        rate, too_hard, pain = week_feedback(history, start, now)
        focus = weekly_focus(rate, too_hard, pain)
        return summary_message(start, rate, done, planned, streak(history, now), focus, tr)
