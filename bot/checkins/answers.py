"""Answering check-ins: Done / Partly / Skipped / Pain, snoozes, difficulty, pain and results.

A check-in answered Done or Partly (or marked as already logged) counts as a training
session. Answers can be changed for a week: when one becomes Done or Partly from an answer
that did not count, a SessionCounted event is published (challenges credit it, counting each
(athlete, moment) once); when one that counted becomes Skipped or Pain, SessionUncounted
(challenges take the credit back). The answer is stored only over the answer it was decided
from, and the event's handlers run in the same unit of work, so the answer and its credit
commit together, or neither does and the whole action runs again from the stored state:
whatever the timing, the credit is exactly what the last answer deserves.
"""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import replace
from datetime import timedelta

from bot.checkins.outcomes import streak
from bot.checkins.results import record_result
from bot.checkins.schedule_actions import report_due
from bot.checkins.schedules import (
    ANSWERS,
    MAX_SNOOZES,
    OPEN,
    SNOOZE,
    Checkin,
    DueExercise,
    Status,
)
from bot.clock import Clock
from bot.errors import BadInput
from bot.events import DomainEvent, SessionCounted, SessionUncounted
from bot.marks import N_
from bot.numbers import whole_number
from bot.ports import AthleteRef, Conflict, UnitOfWork, UnitOfWorkFactory, Wakeup, athlete_in
from bot.transactions import in_one_transaction

STALE = N_("That check-in button has expired. Send /checkins to see your schedule.")
LATE_ANSWER = timedelta(days=7)
COUNTED = frozenset({Status.DONE, Status.PARTLY, Status.LOGGED})  # answers that are a session


class AnswerActions:
    """Records what the athlete answered on their own check-ins."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, wakeup: Wakeup | None = None) -> None:
        self._uow = uow
        self._clock = clock
        self._wakeup = wakeup

    async def latest_open(self, athlete_id: int) -> Checkin | None:
        """The newest check-in still waiting for an answer."""
        async with self._uow() as uow:
            return await uow.checkins.latest_open(athlete_id)

    async def snooze(self, athlete_id: int, checkin_id: int | None = None) -> Checkin:
        """Ask again in an hour (the newest open check-in when no id is given)."""
        async with self._uow() as uow:
            if checkin_id is None:
                checkin = await uow.checkins.latest_open(athlete_id)
                if checkin is None:
                    raise BadInput(N_("There is no check-in waiting for an answer to snooze."))
            else:
                checkin = await self._own(uow.checkins.get_checkin(checkin_id), athlete_id)
            if checkin.status not in OPEN:
                raise BadInput(N_("That check-in is already answered."))
            if checkin.snoozes >= MAX_SNOOZES:
                raise BadInput(
                    N_("That check-in was snoozed {count} times already."), count=MAX_SNOOZES
                )
            now = self._clock.now()
            snoozed = replace(
                checkin, status=Status.PENDING, send_after=now + SNOOZE, snoozes=checkin.snoozes + 1
            )
            await uow.checkins.update_checkins([snoozed])
            await uow.commit()
        report_due(self._wakeup, snoozed.send_after)
        return snoozed

    async def answer(
        self, athlete: AthleteRef, checkin_id: int, answer: str
    ) -> tuple[Checkin, int]:
        """Record Done / Partly / Skipped / Pain; returns the check-in and the new streak."""
        status = next((item for item in ANSWERS if item.value == answer), None)
        if status is None:
            raise BadInput(STALE)
        now = self._clock.now()

        async def record(uow: UnitOfWork) -> tuple[Checkin, int]:
            # One read serves the ownership check and the streak: the athlete's check-ins,
            # asked for before the sender is identified, so one SELECT reads both; with an
            # answer that may count as a session, what its handlers credit rides there too.
            checkins = uow.checkins.history_with_sender(answering=checkin_id)
            if status in COUNTED:
                uow.events.expect(SessionCounted)
            history = await checkins.rows_for(await athlete_in(uow, athlete))
            stored = next((item for item in history if item.id == checkin_id), None)
            if stored is None:
                raise BadInput(STALE)  # forged or someone else's: same answer, nothing changes
            if now - stored.scheduled_at > LATE_ANSWER:
                raise BadInput(N_("That check-in is more than a week old, so it is closed now."))
            checkin = replace(
                stored,
                status=status,
                answered_at=now,
                send_after=None,
                pain_exercise=stored.pain_exercise if status == Status.PAIN else None,
            )
            event = _session_change(stored, status)
            row = None if event is None else uow.events.row(event)
            # The event is stored with the answer (one statement on PostgreSQL), then handled.
            if not await uow.checkins.save_answer(checkin, stored.status, row):
                raise Conflict()  # another answer landed since the read: decide again
            if row is not None:
                await uow.events.handle(row)
            answered = [checkin if item.id == checkin_id else item for item in history]
            return checkin, streak(answered, now)

        return await in_one_transaction(self._uow, record)

    async def rate(self, athlete_id: int, checkin_id: int, difficulty: str) -> Checkin:
        """Store how hard it felt (1-10) on an answered check-in."""
        if whole_number(difficulty, 1, 10) is None:
            raise BadInput(STALE)
        async with self._uow() as uow:
            checkin = await self._own(uow.checkins.get_checkin(checkin_id), athlete_id)
            if checkin.status not in (Status.DONE, Status.PARTLY):
                raise BadInput(N_("Answer the check-in first, then rate how hard it felt."))
            checkin = replace(checkin, difficulty=int(difficulty))
            await uow.checkins.update_checkins([checkin])
            await uow.commit()
        return checkin

    async def record_result(
        self, athlete_id: int, checkin_id: int, index: str, reached: bool
    ) -> DueExercise:
        """Record whether a working exercise reached the top of its range; the exercise."""
        return await record_result(self._uow, athlete_id, checkin_id, index, reached)

    async def report_pain(
        self, athlete_id: int, checkin_id: int, exercise_id: str
    ) -> tuple[Checkin, DueExercise | None]:
        """Remember which exercise hurt; returns the check-in and the exercise."""
        async with self._uow() as uow:
            checkin = await self._own(uow.checkins.get_checkin(checkin_id), athlete_id)
            exercises = {e.id: e for e in (checkin.session.exercises if checkin.session else ())}
            if checkin.status != Status.PAIN or (
                exercise_id not in exercises and exercise_id != "none"
            ):
                raise BadInput(STALE)
            checkin = replace(checkin, pain_exercise=exercise_id if exercise_id != "none" else None)
            await uow.checkins.update_checkins([checkin])
            await uow.commit()
        return checkin, exercises.get(exercise_id)

    async def _own(self, pending: Awaitable[Checkin | None], athlete_id: int) -> Checkin:
        checkin = await pending
        if checkin is None or checkin.athlete_id != athlete_id:
            raise BadInput(STALE)  # forged or someone else's: same answer, nothing changes
        return checkin


def _session_change(stored: Checkin, status: Status) -> DomainEvent | None:
    """The event when the answer makes the check-in start or stop counting as a session."""
    if status in COUNTED and stored.status not in COUNTED:
        return SessionCounted(stored.athlete_id, stored.scheduled_at)
    if stored.status in COUNTED and status not in COUNTED:
        return SessionUncounted(stored.athlete_id, stored.scheduled_at)
    return None
