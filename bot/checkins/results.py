"""A check-in's result answers: did each working exercise reach the top of its range?

The answer is stored in the athlete's training log (kind "result", at the check-in's moment,
with the planned sets, reps and load) where the program's progression reads it back; a new
answer for the same exercise and check-in replaces the earlier one. It credits no challenge.
"""

from __future__ import annotations

from bot.checkins.schedules import DueExercise, Status
from bot.errors import BadInput
from bot.marks import N_
from bot.numbers import whole_number
from bot.ports import UnitOfWorkFactory
from bot.training_log.rules import LiftDetail, TrainingEntry

STALE = N_("That check-in button has expired. Send /checkins to see your schedule.")  # as checkins
MAX_EXERCISES = 50


async def record_result(
    uow_factory: UnitOfWorkFactory, athlete_id: int, checkin_id: int, index: str, reached: bool
) -> DueExercise:
    """Store the result of the exercise at `index` of the check-in's session; the exercise."""
    position = whole_number(index, 0, MAX_EXERCISES)
    async with uow_factory() as uow:
        checkin = await uow.checkins.get_checkin(checkin_id)
        if checkin is None or checkin.athlete_id != athlete_id or position is None:
            raise BadInput(STALE)
        exercises = checkin.session.exercises if checkin.session else ()
        answered = checkin.status in (Status.DONE, Status.PARTLY)
        if not answered or position >= len(exercises) or not exercises[position].working:
            raise BadInput(STALE)
        exercise = exercises[position]
        sets = exercise.sets or None
        detail = LiftDetail(exercise.reps if reached else None, sets, exercise.load, None, reached)
        amount = (exercise.reps or 0) * exercise.sets if reached else 0
        entry = TrainingEntry(
            athlete_id, "result", exercise.id, amount, checkin.scheduled_at, detail
        )
        await uow.training_logs.save_result(entry)
        await uow.commit()
    return exercise
