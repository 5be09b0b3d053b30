"""Check-in schedules, answers and progress for one athlete at a time.

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

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from bot.clock import Clock
from bot.domain.athletes import parse_timezone
from bot.domain.calendar import week_start
from bot.domain.checkin_messages import summary_message, unreachable_notice, weekly_focus
from bot.domain.events import DomainEvent, SessionCounted, SessionUncounted
from bot.domain.numbers import whole_number
from bot.domain.schedules import (
    ANSWERS,
    MAX_SNOOZES,
    OPEN,
    SNOOZE,
    Checkin,
    Outcome,
    Rule,
    Schedule,
    Status,
    WeekStats,
    next_due,
    outcome,
    parse_clock,
    parse_days,
    streak,
    week_feedback,
    weekly_moment,
    weekly_stats,
)
from bot.errors import BadInput
from bot.ports import Conflict, UnitOfWork, UnitOfWorkFactory, Wakeup
from bot.services.checkin_results import record_result
from bot.services.transactions import in_one_transaction
from bot.types import Platform, Reply

log = logging.getLogger(__name__)

# The athlete's own training log: (kind, exercise id, amount, moment), oldest first.
TrainingHistory = Callable[[int], Awaitable[list[tuple[str, str | None, int, datetime]]]]
STALE = "That check-in button has expired. Send /checkins to see your schedule."
LATE_ANSWER = timedelta(days=7)
SUMMARY_AT = (6, time(19, 0))  # Sunday evening, local
PROGRAM_TIME = time(7, 0)  # morning of the athlete's first training day of the week, local
UNREACHABLE = "unreachable"  # the paused reason when DMs could not be delivered
COUNTED = frozenset({Status.DONE, Status.PARTLY, Status.LOGGED})  # answers that are a session


def summary_moment(rule: Rule, now: datetime) -> datetime:
    """The next weekly-summary moment: Sunday evening in the athlete's timezone."""
    return weekly_moment(*SUMMARY_AT, rule.timezone, now)


def program_moment(rule: Rule, now: datetime) -> datetime:
    """The next program issue: 07:00 local on the first weekday the athlete trains."""
    return weekly_moment(min(rule.days), PROGRAM_TIME, rule.timezone, now)


CHART_WEEKS = 8


@dataclass(frozen=True)
class Progress:
    """What `progress` shows: streak, sessions, weekly adherence and exercise volume."""

    streak: int
    sessions_done: int  # check-ins answered Done or Partly (or already logged that day)
    sessions_logged: int  # sessions recorded with `log`, on any day
    weeks: list[WeekStats]
    volumes: dict[str, list[tuple[date, float]]]  # exercise name -> (week start, reps)


def with_weekly_moments(schedule: Schedule, now: datetime) -> Schedule:
    """The schedule with its next summary and program moments computed from `now`."""
    return replace(
        schedule,
        summary_due_at=summary_moment(schedule.rule, now),
        program_due_at=program_moment(schedule.rule, now),
    )


class CheckinService:
    """Turns check-ins on and off, records answers and reports progress."""

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

    async def schedule(self, athlete_id: int) -> Schedule | None:
        """The athlete's schedule, active or paused, or None."""
        async with self._uow() as uow:
            return await uow.checkins.get_schedule(athlete_id)

    async def turn_on(
        self,
        athlete_id: int,
        days: str,
        at: str,
        timezone: str | None,
        platform: str | None = None,
    ) -> Schedule:
        """Validate and store a schedule; BadInput changes nothing."""
        rule = Rule(parse_days(days), parse_clock(at), parse_timezone(timezone or ""))
        return await self._activate(athlete_id, rule, platform)

    async def resume(self, athlete_id: int, platform: str | None = None) -> Schedule:
        """Switch the stored schedule back on."""
        current = await self.schedule(athlete_id)
        if current is None:
            raise BadInput("Set a schedule first: /checkins on mon,wed,fri 18:00 [timezone].")
        return await self._activate(athlete_id, current.rule, platform)

    async def _activate(self, athlete_id: int, rule: Rule, platform: str | None) -> Schedule:
        now = self._clock.now()
        async with self._uow() as uow:
            current = await uow.checkins.get_schedule(athlete_id)
            preferred = current.preferred_platform if current else None
            if platform is not None and platform != Platform.CONSOLE:
                preferred = platform
            schedule = Schedule(
                athlete_id=athlete_id,
                rule=rule,
                preferred_platform=preferred,
                next_due_at=next_due(rule, now),
            )
            schedule = with_weekly_moments(schedule, now)
            await uow.checkins.save_schedule(schedule)
            await uow.commit()
        self._due_at(schedule.next_due_at)
        return schedule

    async def follow_timezone(self, athlete_id: int, timezone: str) -> None:
        """Keep check-ins at the same local time after the athlete moves timezone."""
        current = await self.schedule(athlete_id)
        if current is None or current.rule.timezone == timezone:
            return
        rule = replace(current.rule, timezone=timezone)
        if current.active:
            await self._activate(athlete_id, rule, None)
            return
        async with self._uow() as uow:  # paused: remember the zone for when they resume
            await uow.checkins.save_schedule(replace(current, rule=rule))
            await uow.commit()

    async def turn_off(self, athlete_id: int) -> bool:
        """Pause check-ins; False when they were not on."""
        async with self._uow() as uow:
            current = await uow.checkins.get_schedule(athlete_id)
            if current is None or not current.active:
                return False
            await uow.checkins.save_schedule(_paused(current, "off"))
            await uow.commit()
        return True

    async def take_notice(self, athlete_id: int) -> str | None:
        """Once after delivery failed: why check-ins stopped and how to restart them."""
        async with self._uow() as uow:
            current = await uow.checkins.get_schedule(athlete_id)
            if current is None or not current.notice_pending:
                return None
            await uow.checkins.save_schedule(replace(current, notice_pending=False))
            await uow.commit()
        return unreachable_notice(current.rule)

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
                    raise BadInput("There is no check-in waiting for an answer to snooze.")
            else:
                checkin = await self._own(uow.checkins.get_checkin(checkin_id), athlete_id)
            if checkin.status not in OPEN:
                raise BadInput("That check-in is already answered.")
            if checkin.snoozes >= MAX_SNOOZES:
                raise BadInput(f"That check-in was snoozed {MAX_SNOOZES} times already.")
            now = self._clock.now()
            snoozed = replace(
                checkin, status=Status.PENDING, send_after=now + SNOOZE, snoozes=checkin.snoozes + 1
            )
            await uow.checkins.update_checkins([snoozed])
            await uow.commit()
        self._due_at(snoozed.send_after)
        return snoozed

    async def answer(self, athlete_id: int, checkin_id: int, answer: str) -> tuple[Checkin, int]:
        """Record Done / Partly / Skipped / Pain; returns the check-in and the new streak."""
        status = next((item for item in ANSWERS if item.value == answer), None)
        if status is None:
            raise BadInput(STALE)
        now = self._clock.now()

        async def record(uow: UnitOfWork) -> tuple[Checkin, int]:
            stored = await self._own(uow.checkins.get_checkin(checkin_id), athlete_id)
            if now - stored.scheduled_at > LATE_ANSWER:
                raise BadInput("That check-in is more than a week old, so it is closed now.")
            checkin = replace(
                stored,
                status=status,
                answered_at=now,
                send_after=None,
                pain_exercise=stored.pain_exercise if status == Status.PAIN else None,
            )
            if not await uow.checkins.save_answer(checkin, stored.status):
                raise Conflict()  # another answer landed since the read: decide again
            event = _session_change(stored, status)
            if event is not None:
                await uow.events.publish(event)
            return checkin, streak(await uow.checkins.history(athlete_id), now)

        return await in_one_transaction(self._uow, record)

    async def rate(self, athlete_id: int, checkin_id: int, difficulty: str) -> Checkin:
        """Store how hard it felt (1-10) on an answered check-in."""
        if whole_number(difficulty, 1, 10) is None:
            raise BadInput(STALE)
        async with self._uow() as uow:
            checkin = await self._own(uow.checkins.get_checkin(checkin_id), athlete_id)
            if checkin.status not in (Status.DONE, Status.PARTLY):
                raise BadInput("Answer the check-in first, then rate how hard it felt.")
            checkin = replace(checkin, difficulty=int(difficulty))
            await uow.checkins.update_checkins([checkin])
            await uow.commit()
        return checkin

    async def record_result(
        self, athlete_id: int, checkin_id: int, index: str, reached: bool
    ) -> tuple[str, str | None]:
        """Record whether a working exercise reached the top of its range; (name, load)."""
        return await record_result(self._uow, athlete_id, checkin_id, index, reached)

    async def report_pain(
        self, athlete_id: int, checkin_id: int, exercise_id: str
    ) -> tuple[Checkin, str | None]:
        """Remember which exercise hurt; returns the check-in and the exercise name."""
        async with self._uow() as uow:
            checkin = await self._own(uow.checkins.get_checkin(checkin_id), athlete_id)
            exercises = {
                e.id: e.name for e in (checkin.session.exercises if checkin.session else ())
            }
            if checkin.status != Status.PAIN or (
                exercise_id not in exercises and exercise_id != "none"
            ):
                raise BadInput(STALE)
            checkin = replace(checkin, pain_exercise=exercise_id if exercise_id != "none" else None)
            await uow.checkins.update_checkins([checkin])
            await uow.commit()
        return checkin, exercises.get(exercise_id)

    async def progress(self, athlete_id: int) -> Progress:
        """Streak, sessions done, weekly adherence and per-exercise weekly volume."""
        now = self._clock.now()
        async with self._uow() as uow:
            history = await uow.checkins.history(athlete_id)
        done = 0
        volumes: dict[str, dict[date, float]] = {}
        for checkin in history:
            result = outcome(checkin, now)
            share = {Outcome.DONE: 1.0, Outcome.PARTLY: 0.5}.get(result, 0.0)
            done += result in (Outcome.DONE, Outcome.PARTLY)
            for exercise in checkin.session.exercises if checkin.session and share else ():
                weekly = volumes.setdefault(exercise.name, {})
                start = week_start(checkin.local_day)
                weekly[start] = weekly.get(start, 0.0) + share * exercise.volume
        logs = await self._training_log(athlete_id) if self._training_log else []
        return Progress(
            streak=streak(history, now),
            sessions_done=done,
            sessions_logged=sum(amount for kind, _, amount, _ in logs if kind == "sessions"),
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

    async def summary(self, athlete_id: int, start: date) -> Reply | None:
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
        return summary_message(start, rate, done, planned, streak(history, now), focus)

    def _due_at(self, moment: datetime | None) -> None:
        if self.wakeup is not None and moment is not None:
            self.wakeup.due_at(moment)

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


def _paused(schedule: Schedule, reason: str, *, notice: bool = False) -> Schedule:
    """The schedule switched off, keeping its rule for `checkins on` to resume."""
    return replace(
        schedule,
        active=False,
        paused_reason=reason,
        notice_pending=notice,
        next_due_at=None,
        summary_due_at=None,
        program_due_at=None,
    )


def paused_unreachable(schedule: Schedule) -> Schedule:
    """Paused because no platform could deliver; tell them when they next write."""
    return _paused(schedule, UNREACHABLE, notice=True)
