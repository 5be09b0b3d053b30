"""Weekly program generator: pure and deterministic (same profile, week, history and logs ->
same week).

The rules are documented where they live: equipment, avoid flags, volume, effort and weeks
in program_rules; the week's shape in program_plan; ranking and pain swaps in
program_select; progression from logs in program_progress; notes in program_notes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from bot.marks import N_
from bot.programs.cues import cue_for
from bot.programs.model import (
    KINDS,
    Lift,
    Prescription,
    Profile,
    ProgramInputError,
    Session,
    WeekFeedback,
    WeekProgram,
)
from bot.programs.notes import Note, build_notes, dropped_note, kept_out_note, swap_note
from bot.programs.plan import PlannedSession, Slot, plan_week
from bot.programs.progress import (
    Progress,
    Rung,
    dose_range,
    hold_seconds,
    replay,
    variants,
)
from bot.programs.rules import (
    ACTIVATION_SETS,
    REST_SECONDS,
    WeekState,
    rir_for,
    week_state,
    working_sets,
)
from bot.programs.selection import Selector
from knowledge.exercises import Catalogue, Exercise

__all__ = [
    "MAX_WEEK",
    "Lift",
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
LIGHT_COMPOUND_REST = 90


class _Week:
    """The state shared while one week is generated."""

    def __init__(
        self, catalogue: Catalogue, profile: Profile, state: WeekState, lifts: Sequence[Lift]
    ) -> None:
        self.catalogue = catalogue
        self.profile = profile
        self.state = state
        self.selector = catalogue.memo(("selector", profile), lambda: Selector(catalogue, profile))
        self.logged: dict[tuple[int, str], list[Lift]] = defaultdict(list)
        for lift in lifts:
            if 1 <= lift.week < state.week:
                self.logged[lift.week, lift.exercise_id].append(lift)
        self._progress: dict[tuple[str, str], Progress] = {}
        self.pain_notes: list[str] = []
        self.outgrown: list[str] = []

    def progress(self, slot: Slot) -> Progress:
        """The slot's rung and load this week (activation never progresses)."""
        key = (slot.kind, slot.exercise.id)
        if key not in self._progress:
            if slot.kind == "activation" or slot.exercise.id in self.state.pain:
                chain = [slot.exercise]
                found = Progress(Rung(slot.exercise), 0, None, None)
            else:
                chain = variants(self.selector, slot.exercise, self.state.pain)
                found = replay(
                    chain,
                    slot.kind,
                    self.profile.goal,
                    self.profile.level,
                    self.state,
                    self.logged,
                )
            self._progress[key] = found
        return self._progress[key]

    def session(self, planned: PlannedSession, uses: Counter[str]) -> Session:
        """One session with progression, pain swaps and doses applied."""
        placed: list[tuple[Slot, Progress]] = []
        for slot in planned.slots:
            placed.append((slot, self.progress(slot)))
        placed = self._swap_painful(placed, uses)
        placed.sort(key=lambda pair: KINDS.index(pair[0].kind))
        items = tuple(self._prescribe(slot, progress) for slot, progress in placed)
        main = next((p.name for p in items if p.kind == "compound"), None)
        # English, as stored with check-ins; render.session_title shows it in the reader's
        # language (the main lift's name stays as the exercise catalogue gives it).
        title = f"{main} and side-glute work" if main else N_("Side-glute work")
        return Session(planned.weekday, title, planned.group, items)

    def _swap_painful(
        self, placed: list[tuple[Slot, Progress]], uses: Counter[str]
    ) -> list[tuple[Slot, Progress]]:
        pain = self.state.pain
        kept: list[tuple[Slot, Progress] | None] = list(placed)
        for index, (slot, progress) in enumerate(placed):
            painful = progress.rung.exercise
            if painful.id not in pain:
                continue
            taken = {
                self.selector.family[other[1].rung.exercise.id]
                for position, other in enumerate(kept)
                if other is not None and position != index
            }
            counted = uses if slot.kind != "activation" else Counter[str]()
            gentler = self.selector.replacement(painful, pain, taken, counted)
            if gentler is None:
                kept[index] = None
                self.pain_notes.append(dropped_note(painful))
                continue
            if slot.kind != "activation":
                uses[painful.id] -= 1
                uses[gentler.id] += 1
            kind = _kind_after_swap(slot.kind, gentler.role)
            kept[index] = (
                Slot(kind, gentler, slot.sets),
                Progress(Rung(gentler), 0, None, None),
            )
            self.pain_notes.append(swap_note(painful, gentler))
        return [pair for pair in kept if pair is not None]

    def _prescribe(self, slot: Slot, progress: Progress) -> Prescription:
        rung = progress.rung
        exercise = rung.exercise
        kind = slot.kind
        deload = self.state.deload
        if kind == "activation":
            sets = ACTIVATION_SETS - int(deload)
            bounds, rir, load = exercise.rep_bounds, None, None
        else:
            sets = working_sets(slot.sets, self.state)
            bounds = dose_range(rung, self.profile.goal, kind)
            rir, load = rir_for(self.profile.level, kind, deload), progress.load
        if rung.outgrown and exercise.name not in self.outgrown:
            self.outgrown.append(exercise.name)
        seconds = hold_seconds(rung)
        return Prescription(
            exercise_id=exercise.id,
            name=exercise.name,
            muscles=exercise.muscles,
            equipment=exercise.equipment,
            kind=kind,
            sets=sets,
            reps=None if bounds is None else f"{bounds[0]}-{bounds[1]}",
            seconds=seconds,
            per_side=exercise.per_side,
            rir=rir,
            load=load,
            rest_seconds=_rest(self.profile.goal, kind, exercise),
            cue=cue_for(exercise, kind, progress, rir, (sets, _top_words(bounds, seconds))),
            step=progress.step,
        )


def _rest(goal: str, kind: str, exercise: Exercise) -> int:
    """Rest between sets; a bodyweight or banded main lift needs less than a heavy one."""
    rest = REST_SECONDS[goal][kind]
    return min(rest, LIGHT_COMPOUND_REST) if kind == "compound" and exercise.load_rank < 2 else rest


def _top_words(bounds: tuple[int, int] | None, seconds: int | None) -> str:
    """'12 reps' or '40 s': the top of a rep range or a hold's time."""
    if bounds is not None:
        # The top of a range is never 1, so the plural is the only form needed.
        return Note(N_("{count} reps"), count=str(bounds[1]))
    return f"{seconds} s"  # the same symbol in every language


def _kind_after_swap(kind: str, role: str) -> str:
    """A swapped-in exercise keeps the slot's job unless its role says otherwise."""
    if kind == "activation":
        return "activation"
    if role in ("compound", "stability", "isolation"):
        return role
    return "isolation"


def generate_week(
    catalogue: Catalogue,
    profile: Profile,
    week: int,
    history: Sequence[WeekFeedback] = (),
    lifts: Sequence[Lift] = (),
) -> WeekProgram:
    """Build week `week` (1-based); history[i] is the feedback of week i+1 and `lifts` the
    logged results (both ignored from week `week` on)."""
    if isinstance(week, bool) or not isinstance(week, int) or not 1 <= week <= MAX_WEEK:
        raise ProgramInputError(f"The week must be a whole number from 1 to {MAX_WEEK}.")
    state = week_state(week, history)
    builder = _Week(catalogue, profile, state, lifts)
    plan = plan_week(builder.selector)
    uses: Counter[str] = Counter(slot.exercise.id for planned in plan for slot in planned.working())
    sessions = tuple(builder.session(planned, uses) for planned in plan)
    pain_notes = list(dict.fromkeys(builder.pain_notes))
    pain_notes.extend(_kept_out_notes(catalogue, state.pain, pain_notes))
    notes = build_notes(profile, state, sessions, pain_notes, builder.outgrown)
    return WeekProgram(week, profile.goal, state.deload, sessions, notes)


def _kept_out_notes(catalogue: Catalogue, pain: frozenset[str], pain_notes: list[str]) -> list[str]:
    """Name painful exercises that no swap note mentions (kept out by blocked progression)."""
    return [
        kept_out_note(exercise)
        for exercise in (catalogue.get(i) for i in sorted(pain) if i in catalogue)
        if not any(f"pain with {exercise.name}" in note for note in pain_notes)
    ]
