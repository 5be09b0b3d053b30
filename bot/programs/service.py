"""Weekly programs for athletes: which week they are in, its sessions, and previews."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.athletes.rules import TrainingProfile
from bot.calendar import local_day, week_start
from bot.clock import Clock
from bot.errors import BadInput
from bot.i18n import Language, Translator, english
from bot.marks import N_
from bot.ports import UnitOfWorkFactory
from bot.programs.generator import (
    MAX_WEEK,
    Lift,
    Profile,
    Session,
    WeekFeedback,
    WeekProgram,
    generate_week,
)
from bot.programs.localise import localised
from bot.programs.model import WEEKDAYS
from bot.programs.render import render_rich
from bot.training_log.rules import LoggedLift
from bot.types import Reply
from knowledge.exercises import Catalogue
from knowledge.translations import ExerciseTranslation

log = logging.getLogger(__name__)

# How finished weeks went, from the check-ins: per week start (a Monday), the adherence or
# None, whether it was too hard, and the exercise ids that hurt. One call for all weeks.
FeedbackSource = Callable[
    [int, list[date]], Awaitable[list[tuple[float | None, bool, frozenset[str]]]]
]


class ProgramService:
    """Generates an athlete's week from their profile, their week number and their check-ins."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        catalogue: Catalogue,
        clock: Clock,
        default_timezone: str,
        exercise_texts: Mapping[str, Mapping[str, ExerciseTranslation]] | None = None,
    ) -> None:
        self._uow = uow
        self._catalogue = catalogue
        # Exercise names and cues per language ("es", "pt-BR"); English is the catalogue's.
        self._exercise_texts = exercise_texts or {}
        self._clock = clock
        self._default_timezone = default_timezone
        self._feedback: FeedbackSource | None = None

    def use_feedback(self, source: FeedbackSource) -> None:
        """Adapt programs to check-in results (wired by bootstrap once check-ins exist)."""
        self._feedback = source

    def preview(self, profile: Profile, week: int = 1) -> WeekProgram:
        """A program for a profile that is not stored (the `hipcoach program` command)."""
        return generate_week(self._catalogue, profile, week)

    async def current_week(self, athlete_id: int) -> int:
        """The athlete's week number today; week 1 starts on first use."""
        profile, start = await self._profile_and_start(athlete_id)
        return self._week_of_today(profile, start)

    async def week(self, athlete_id: int, week: int | None = None) -> WeekProgram:
        """The program of the given week (default: the current one), adapted to feedback."""
        profile, start = await self._profile_and_start(athlete_id)
        current = self._week_of_today(profile, start)
        number = current if week is None else week
        if not 1 <= number <= MAX_WEEK:
            raise BadInput(N_("The week must be a number from 1 to {most}."), most=MAX_WEEK)
        return await self._generate(athlete_id, profile, start, number, min(number, current))

    async def week_replies(
        self, athlete_id: int, week: int | None = None, tr: Translator | None = None
    ) -> list[Reply]:
        """The week as one reply: a summary, a section per session, then the notes; exercise
        names and cues in the reader's language when they are written in it."""
        tr = tr or english()
        program = self.in_language(await self.week(athlete_id, week), tr.language)
        title = tr.gettext("Your program")
        return [Reply(text=render_rich(program, tr), title=title, private=True)]

    def in_language(self, program: WeekProgram, language: Language) -> WeekProgram:
        """The week as shown to a reader: exercise names and cues in `language` when they are
        written in it (the program itself stays English, as stored and in its JSON)."""
        texts = self._exercise_texts.get(language.value)
        return localised(program, self._catalogue, texts) if texts else program

    async def session_on(self, athlete_id: int, day: date) -> Session | None:
        """The session planned for a local date, or None on a rest day or without a profile."""
        try:
            profile, start = await self._profile_and_start(athlete_id)
        except BadInput:
            return None
        number = (week_start(day) - start).days // 7 + 1
        if number < 1:
            return None
        program = await self._generate(athlete_id, profile, start, number, number)
        weekday = WEEKDAYS[day.weekday()]
        return next((s for s in program.sessions if s.weekday == weekday), None)

    async def _profile_and_start(self, athlete_id: int) -> tuple[TrainingProfile, date]:
        async with self._uow() as uow:
            profile = await uow.profiles.get(athlete_id)
            if profile is None or not profile.complete:
                missing = (
                    ", ".join(profile.missing()) if profile else "goal, equipment, level, days"
                )
                raise BadInput(
                    N_("Set up your profile first with /profile (missing: {missing})."),
                    missing=missing,
                )
            start = await uow.profiles.program_start(athlete_id)
            if start is None:
                start = week_start(self._local_today(profile))
                await uow.profiles.set_program_start(athlete_id, start)
                await uow.commit()
        return profile, start

    def _week_of_today(self, profile: TrainingProfile, start: date) -> int:
        # At least 1: moving the timezone back can make today fall before week 1's Monday.
        return max(1, (week_start(self._local_today(profile)) - start).days // 7 + 1)

    def _local_today(self, profile: TrainingProfile) -> date:
        return local_day(self._clock.now(), profile.timezone or self._default_timezone)

    async def _generate(
        self, athlete_id: int, profile: TrainingProfile, start: date, number: int, known: int
    ) -> WeekProgram:
        """Week `number`, adapted to the feedback and the logs of the weeks before `known`."""
        history = await self._history(athlete_id, start, known)
        lifts = await self._lifts(athlete_id, profile, start, known)
        return generate_week(
            self._catalogue, Profile.from_training_profile(profile), number, history, lifts
        )

    async def _lifts(
        self, athlete_id: int, profile: TrainingProfile, start: date, up_to_week: int
    ) -> list[Lift]:
        """Per-set logs and check-in results of weeks 1 .. up_to_week-1, by program week."""
        if up_to_week <= 1:
            return []
        zone = profile.timezone or self._default_timezone
        since = local_midnight(start, zone)
        async with self._uow() as uow:
            logged = await uow.training_logs.lifts(athlete_id, since)
        return [
            lift
            for item in logged
            if 1 <= (lift := lift_in_week(item, start, zone)).week < up_to_week
        ]

    async def _history(self, athlete_id: int, start: date, up_to_week: int) -> list[WeekFeedback]:
        """Feedback of weeks 1 .. up_to_week-1 (empty feedback when check-ins are absent)."""
        if self._feedback is None:
            return []
        starts = [start + timedelta(weeks=number - 1) for number in range(1, up_to_week)]
        results = await self._feedback(athlete_id, starts)
        return [WeekFeedback(adherence, hard, pain) for adherence, hard, pain in results]


def local_midnight(day: date, zone: str) -> datetime:
    """The moment a local day starts in a timezone, as an aware datetime."""
    return datetime.combine(day, time(0, 0), tzinfo=ZoneInfo(zone))


def lift_in_week(item: LoggedLift, start: date, zone: str) -> Lift:
    """A logged result placed in the program week of its local day (week 1 starts on `start`)."""
    week = (week_start(local_day(item.at, zone)) - start).days // 7 + 1
    detail = item.detail
    return Lift(
        week=week,
        exercise_id=item.exercise_id,
        reps=detail.set_reps,
        sets=detail.sets,
        load=detail.load,
        rir=detail.rir,
        reached_top=detail.reached_top,
    )
