"""The check-in service: schedules, answers and progress for one athlete at a time.

Each purpose lives in its own module (`schedule_actions`, `answers`, `progress`); this class
joins them so callers keep one service.
"""

from __future__ import annotations

from bot.checkins.answers import AnswerActions
from bot.checkins.progress import ProgressReports
from bot.checkins.schedule_actions import ScheduleActions


class CheckinService(ScheduleActions, AnswerActions, ProgressReports):
    """Turns check-ins on and off, records answers and reports progress."""
