"""The check-in service: one facade over small parts, each with its own dependencies.

Schedules (`schedule_actions`), answers (`answers`) and progress reports (`progress`) are
separate collaborators; commands and other features call their methods through this one
service, by the same names.
"""

from __future__ import annotations

from bot.checkins.answers import AnswerActions
from bot.checkins.progress import ProgressReports, TrainingHistory
from bot.checkins.schedule_actions import ScheduleActions
from bot.clock import Clock
from bot.ports import UnitOfWorkFactory, Wakeup


class CheckinService:
    """Turns check-ins on and off, records answers and reports progress."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        *,
        training_log: TrainingHistory | None = None,
        wakeup: Wakeup | None = None,
    ) -> None:
        # `wakeup` is told about every new due moment, so the dispatcher wakes then.
        self.schedule_actions = ScheduleActions(uow, clock, wakeup)
        self.answer_actions = AnswerActions(uow, clock, wakeup)
        self.progress_reports = ProgressReports(uow, clock, training_log)
        # The facade: each part's public methods under their own names.
        self.schedule = self.schedule_actions.schedule
        self.turn_on = self.schedule_actions.turn_on
        self.resume = self.schedule_actions.resume
        self.follow_timezone = self.schedule_actions.follow_timezone
        self.turn_off = self.schedule_actions.turn_off
        self.take_notice = self.schedule_actions.take_notice
        self.latest_open = self.answer_actions.latest_open
        self.snooze = self.answer_actions.snooze
        self.answer = self.answer_actions.answer
        self.rate = self.answer_actions.rate
        self.record_result = self.answer_actions.record_result
        self.report_pain = self.answer_actions.report_pain
        self.progress = self.progress_reports.progress
        self.week_feedback = self.progress_reports.week_feedback
        self.weeks_feedback = self.progress_reports.weeks_feedback
        self.summary = self.progress_reports.summary
