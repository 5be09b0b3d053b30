"""Adapters that feed the check-in feature from other features (wired in bootstrap)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Protocol

from bot.checkins.dispatch import LoggedOn
from bot.checkins.schedules import DueExercise, DueSession, PlannedDose
from bot.errors import BadInput
from bot.i18n import Language, Translator
from bot.programs.model import Prescription, Session, WeekProgram
from bot.training_log.rules import TrainingEntry
from bot.types import Reply

LogHistory = Callable[[int], Awaitable[list[TrainingEntry]]]
MAX_REMEMBERED = 4096  # distinct sessions whose exercises' names are kept


class Programs(Protocol):
    """The ProgramService methods check-ins use."""

    async def session_on(self, athlete_id: int, day: date) -> Session | None:
        """The session planned for a local date."""
        ...

    def in_language(self, program: WeekProgram, language: Language) -> WeekProgram:
        """The week with exercise names in `language` where they are written in it."""
        ...

    async def week_replies(
        self, athlete_id: int, week: int | None = None, tr: Translator | None = None
    ) -> list[Reply]:
        """The current week as messages."""
        ...


def _top_reps(reps: str | None) -> int | None:
    numbers = [int(n) for n in re.findall(r"\d+", reps or "")]
    return max(numbers) if numbers else None


def _planned(item: Prescription) -> PlannedDose:
    activation = item.purpose == "activation"
    return PlannedDose(
        item.sets, item.reps, item.seconds, item.per_side, item.rir, item.rest_seconds, activation
    )


class ProgramSessions:
    """SessionSource on top of ProgramService."""

    def __init__(self, programs: Programs) -> None:
        self._programs = programs
        # Names depend on the exercises alone, and sessions repeat across athletes: translating
        # a session's names cost 0.75 ms per claim before (bench/bench_checkin_names.py).
        self._names: dict[tuple[tuple[str, str], ...], dict[str, list[str]]] = {}

    async def due_session(self, athlete_id: int, local_day: date) -> DueSession | None:
        """The program session of that local day, or None."""
        session = await self._programs.session_on(athlete_id, local_day)
        if session is None:
            return None
        names = self._translated_names(session)
        exercises = tuple(
            DueExercise(
                p.exercise_id,
                p.name,
                p.sets,
                _top_reps(p.reps),
                _planned(p),
                p.load,
                p.purpose == "working",
                tuple((language, text[i]) for language, text in names.items()),
            )
            for i, p in enumerate(session.exercises)
        )
        return DueSession(session.title, exercises)

    def _translated_names(self, session: Session) -> dict[str, list[str]]:
        """Each exercise's name in every other language, kept with the check-in: its reader
        may change language between the claim and the send, or before answering."""
        key = tuple((p.exercise_id, p.name) for p in session.exercises)
        if key in self._names:
            return self._names[key]
        week = WeekProgram(0, "", False, (session,), ())
        english = [p.name for p in session.exercises]
        names: dict[str, list[str]] = {}
        for language in (language for language in Language if language is not Language.EN):
            shown = self._programs.in_language(week, language).sessions[0].exercises
            if [p.name for p in shown] != english:
                names[language.value] = [p.name for p in shown]
        if len(self._names) >= MAX_REMEMBERED:
            self._names.clear()  # a bound, not an LRU: the next sessions fill it again
        self._names[key] = names
        return names

    async def weekly_program(self, athlete_id: int, tr: Translator) -> list[Reply]:
        """This week's program, or nothing while the profile is incomplete."""
        try:
            return await self._programs.week_replies(athlete_id, tr=tr)
        except BadInput:
            return []


def logged_from_history(history: LogHistory) -> LoggedOn:
    """`logged_on` for the dispatcher from the training log (`log` command) history."""

    async def logged(athlete_id: int, since: datetime, until: datetime) -> bool:
        for entry in await history(athlete_id):
            moment = entry.at if entry.at.tzinfo else entry.at.replace(tzinfo=UTC)
            if entry.kind == "sessions" and since <= moment <= until:
                return True
        return False

    return logged
