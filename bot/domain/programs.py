"""Weekly program generator: pure and deterministic (same profile, week and history -> same week).

The rules (equipment mapping, schedule, progression, deload, feedback) are documented in
program_rules; exercise choice and pain swaps in program_select; notes in program_notes.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.program_notes import build_notes, dropped_note, kept_out_note, swap_note
from bot.domain.program_rules import (
    FOCUS_TITLES,
    SCHEDULES,
    TEMPLATES,
    WeekState,
    dose_for,
    week_state,
)
from bot.domain.program_select import Choice, Selector
from bot.domain.program_types import (
    Prescription,
    Profile,
    ProgramInputError,
    Session,
    WeekFeedback,
    WeekProgram,
)
from knowledge.exercises import Catalogue

__all__ = [
    "MAX_WEEK",
    "Prescription",
    "Profile",
    "ProgramInputError",
    "Session",
    "WeekFeedback",
    "WeekProgram",
    "generate_week",
]

# About ten years; beyond that a week number is almost certainly a typo.
MAX_WEEK = 520
ADD_LOAD_CUE = "No harder variant here: go up one band, dumbbell or plate when the range is easy."
SLOWER_CUE = "No harder variant here: lower over three seconds to keep progressing."


def generate_week(
    catalogue: Catalogue,
    profile: Profile,
    week: int,
    history: Sequence[WeekFeedback] = (),
) -> WeekProgram:
    """Build week `week` (1-based); history[i] is the feedback of week i+1, later ones ignored."""
    if isinstance(week, bool) or not isinstance(week, int) or not 1 <= week <= MAX_WEEK:
        raise ProgramInputError(f"The week must be a whole number from 1 to {MAX_WEEK}.")
    state = week_state(week, history)
    selector = Selector(catalogue, profile)
    sessions: list[Session] = []
    pain_notes: list[str] = []
    exhausted = False
    for rotation, (weekday, focus) in enumerate(SCHEDULES[profile.days_per_week]):
        slots = ("activation", *TEMPLATES[profile.goal][focus])
        picks = selector.base_picks(slots, rotation)
        choices = [selector.progress(purpose, exercise, state) for purpose, exercise in picks]
        kept = _swap_painful(selector, choices, state.pain, pain_notes)
        exhausted = exhausted or any(choice.exhausted for choice in kept)
        items = tuple(_prescribe(choice, profile.goal, state) for choice in kept)
        sessions.append(Session(weekday, FOCUS_TITLES[focus], focus, items))
    pain_notes.extend(_kept_out_notes(catalogue, state.pain, pain_notes))
    notes = build_notes(profile, state, sessions, list(dict.fromkeys(pain_notes)), exhausted)
    return WeekProgram(week, profile.goal, state.deload, tuple(sessions), notes)


def _swap_painful(
    selector: Selector, choices: list[Choice], pain: frozenset[str], pain_notes: list[str]
) -> list[Choice]:
    """Replace painful exercises (or drop them when nothing safe fits); collect the notes."""
    if not pain:
        return choices
    family = selector.family
    kept: list[Choice | None] = list(choices)
    for index, choice in enumerate(choices):
        painful = choice.exercise
        if painful.id not in pain:
            continue
        taken = {
            family[other.exercise.id]
            for position, other in enumerate(kept)
            if other is not None and position != index
        }
        gentler = selector.replacement(painful, pain, taken)
        if gentler is None:
            kept[index] = None
            pain_notes.append(dropped_note(painful))
            continue
        kept[index] = Choice(
            gentler, choice.purpose, upper=False, extra_sets=0, exhausted=False, replaced=painful
        )
        pain_notes.append(swap_note(painful, gentler))
    return [choice for choice in kept if choice is not None]


def _kept_out_notes(catalogue: Catalogue, pain: frozenset[str], pain_notes: list[str]) -> list[str]:
    """Name painful exercises that no swap note mentions (kept out by blocked progression)."""
    return [
        kept_out_note(exercise)
        for exercise in (catalogue.get(i) for i in sorted(pain) if i in catalogue)
        if not any(f"pain with {exercise.name}" in note for note in pain_notes)
    ]


def _prescribe(choice: Choice, goal: str, state: WeekState) -> Prescription:
    exercise = choice.exercise
    dose = dose_for(
        exercise, goal, choice.purpose, state, upper=choice.upper, extra_sets=choice.extra_sets
    )
    cue = exercise.cues[0]
    if choice.exhausted:
        cue = f"{cue} {ADD_LOAD_CUE if exercise.needs_load else SLOWER_CUE}"
    return Prescription(
        exercise_id=exercise.id,
        name=exercise.name,
        muscles=exercise.muscles,
        equipment=exercise.equipment,
        sets=dose.sets,
        reps=dose.reps,
        seconds=dose.seconds,
        rest_seconds=dose.rest_seconds,
        cue=cue,
        purpose=choice.purpose,
    )
