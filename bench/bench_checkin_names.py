"""The claim-time cost of a check-in that keeps its exercises' names in every language.

A claimed check-in stores its session with each exercise's name in es and pt-BR, so that the DM
is worded in its reader's language when it is sent (issue #19). Prints microseconds per claimed
check-in for: English only (the same-run baseline), a session seen for the first time, and a
session already seen (ProgramSessions remembers names per distinct session), with the stored
JSON's size in bytes.

    .venv/bin/python bench/bench_checkin_names.py
"""

from __future__ import annotations

import asyncio
import time
from datetime import date

from bot.checkins.sources import ProgramSessions
from bot.checkins.storage.rows import session_json
from bot.i18n import Language
from bot.programs.generator import generate_week
from bot.programs.model import Profile, Session, WeekProgram
from bot.programs.service import ProgramService
from knowledge.exercises import load_exercises
from knowledge.translations import load_exercise_languages

RUNS = 2000
DAY = date(2026, 3, 2)


class OneSession:
    """The two Programs methods check-in claims use, around one generated session."""

    def __init__(self, service: ProgramService | None, session: Session) -> None:
        self._service, self._session = service, session

    async def session_on(self, athlete_id: int, day: date) -> Session | None:
        return self._session

    def in_language(self, program: WeekProgram, language: Language) -> WeekProgram:
        return program if self._service is None else self._service.in_language(program, language)


async def per_claim(source: ProgramSessions, fresh: bool) -> tuple[float, int]:
    """Microseconds per due_session, and the stored JSON size."""
    start = time.perf_counter()
    for _ in range(RUNS):
        due = await source.due_session(1, DAY)
        if fresh:
            source._names.clear()  # every claim as the first of its session
    micros = (time.perf_counter() - start) / RUNS * 1e6
    return micros, len((session_json(due) or "").encode())


async def main() -> None:
    catalogue = load_exercises()
    service = ProgramService(None, catalogue, None, "UTC", load_exercise_languages(catalogue))  # type: ignore[arg-type]
    session = generate_week(catalogue, Profile("soften", "bands", "beginner", 3), 1).sessions[0]
    cases = (
        ("English only (baseline)", None, False),
        ("es + pt-BR names, session first seen", service, True),
        ("es + pt-BR names, session seen before", service, False),
    )
    for label, names_from, fresh in cases:
        micros, size = await per_claim(ProgramSessions(OneSession(names_from, session)), fresh)
        print(f"{label:40s} {micros:7.0f} µs per claimed check-in, {size} bytes stored")


if __name__ == "__main__":
    asyncio.run(main())
