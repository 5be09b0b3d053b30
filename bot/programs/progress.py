"""Double progression driven by what the athlete logged.

Each working slot climbs a ladder of rungs. Its variants are the slot's exercise and the
harder variants the profile allows (program_select.Selector.harder). On a variant that takes
load (band, weights, cable, machine) the rungs are load steps: two before moving on to the
next variant, without end on the last one. A bodyweight variant is one rung; the last one
adds a slower lowering phase, then a pause, then three reps per set at a time (ten seconds
for a hold) while the notes say a band is the next step.

Replaying the finished weeks decides the rung of this week. In a week that counts
(program_rules.counts), the logs of the prescribed exercise decide:
- reached the top of the rep range (or the hold time) on every set logged at the latest
  load, at no less than the target reps in reserve minus one: one rung up, and the load
  goes up one step from the one logged (program_load.next_load);
- logged but short of the top, or too close to failure: the same rung and load again;
- nothing logged: one rung every second counted week (the calendar), the load unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.programs.load import next_load
from bot.programs.model import Lift
from bot.programs.rules import CALENDAR_WEEKS_PER_STEP, WeekState, rep_range, rir_for
from bot.programs.selection import Selector
from knowledge.exercises import Exercise

LOAD_STEPS_PER_VARIANT = 2
TEMPO_STEPS = 2  # slower lowering, then a pause
REP_STEPS = 3  # then more reps per set, while the notes say a band is the next step
EXTRA_REPS = 3  # a rep step moves the range up by this much
HOLD_SECONDS = 10  # a hold grows by this much per tempo or rep step


@dataclass(frozen=True, slots=True)
class Rung:
    """Where a slot stands: the exercise, its tempo rung and its extra-rep rung."""

    exercise: Exercise
    tempo: int = 0
    extra: int = 0

    @property
    def outgrown(self) -> bool:
        """True once a bodyweight move needs more reps to progress: time for a band."""
        return self.extra > 0


@dataclass(frozen=True, slots=True)
class Progress:
    """A slot's state for the requested week."""

    rung: Rung
    step: int
    load: str | None
    last_verdict: str | None  # "up", "repeat", "calendar" or None (what last week decided)


def variants(selector: Selector, base: Exercise, pain: frozenset[str]) -> list[Exercise]:
    """The base exercise and the harder variants it may move on to, in order."""
    chain = [base]
    while (harder := selector.harder(chain[-1], pain)) is not None:
        chain.append(harder)
    return chain


def rung_at(chain: Sequence[Exercise], step: int) -> Rung:
    """The rung `step` steps up the ladder of a variant chain."""
    for exercise in chain[:-1]:
        span = LOAD_STEPS_PER_VARIANT if exercise.needs_load else 1
        if step < span:
            return Rung(exercise)
        step -= span
    last = chain[-1]
    if last.needs_load:
        return Rung(last)
    tempo = min(step, TEMPO_STEPS)
    return Rung(last, tempo, min(step - tempo, REP_STEPS))


def max_step(chain: Sequence[Exercise]) -> int | None:
    """The highest useful step (None when the last variant takes load: no ceiling)."""
    if chain[-1].needs_load:
        return None
    spans = sum(LOAD_STEPS_PER_VARIANT if ex.needs_load else 1 for ex in chain[:-1])
    return spans + TEMPO_STEPS + REP_STEPS


def dose_range(rung: Rung, goal: str, kind: str) -> tuple[int, int] | None:
    """The rep range of a rung (moved up by its extra-rep steps), or None for a hold."""
    bounds = rep_range(rung.exercise, goal, kind)
    if bounds is None:
        return None
    extra = rung.extra * EXTRA_REPS
    return bounds[0] + extra, bounds[1] + extra


def hold_seconds(rung: Rung) -> int | None:
    """The hold time of a rung (longer by its tempo and rep steps), or None for reps."""
    seconds = rung.exercise.seconds
    return None if seconds is None else seconds + (rung.tempo + rung.extra) * HOLD_SECONDS


def judge(
    lifts: Iterable[Lift], exercise_id: str, top: int, rir: int | None
) -> tuple[bool | None, str | None]:
    """(reached the top at the target effort, or None without per-set logs; latest load)."""
    verdicts: list[tuple[bool, str | None]] = []
    load: str | None = None
    for lift in lifts:
        if lift.exercise_id != exercise_id:
            continue
        load = lift.load or load
        if lift.reached_top is not None:
            verdicts.append((lift.reached_top, lift.load))
        elif lift.reps is not None:
            effort_ok = lift.rir is None or rir is None or lift.rir >= rir - 1
            verdicts.append((lift.reps >= top and effort_ok, lift.load))
    if not verdicts:
        return None, load
    at_load = [hit for hit, used in verdicts if load is None or used in (load, None)]
    return all(at_load), load


def replay(
    chain: Sequence[Exercise],
    kind: str,
    goal: str,
    level: str,
    state: WeekState,
    logged: dict[tuple[int, str], list[Lift]],
) -> Progress:
    """Walk the finished weeks and return this week's rung, step and load for one slot;
    `logged` holds the lifts by (week, exercise id)."""
    step = since = 0
    loads: dict[str, str] = {}
    verdict: str | None = None
    ceiling = max_step(chain)
    for week, counted in enumerate(state.counted_before, start=1):
        rung = rung_at(chain, step)
        exercise = rung.exercise
        hit, used = judge(
            logged.get((week, exercise.id), ()),
            exercise.id,
            top_of(rung, goal, kind),
            rir_for(level, kind, False),
        )
        if used is not None:
            loads[exercise.id] = used
        if not counted:
            verdict = None
            continue
        if hit is None:
            since += 1
            verdict = None
            if since < CALENDAR_WEEKS_PER_STEP:
                continue
            verdict = "calendar"
        elif not hit:
            since, verdict = 0, "repeat"
            continue
        else:
            verdict = "up"
        since = 0
        if ceiling is not None and step >= ceiling:
            continue
        step += 1
        moved = rung_at(chain, step).exercise
        if verdict == "up" and moved.id == exercise.id and exercise.id in loads:
            loads[exercise.id] = next_load(loads[exercise.id], exercise.equipment)
    rung = rung_at(chain, step)
    return Progress(rung, step, loads.get(rung.exercise.id), verdict)


def top_of(rung: Rung, goal: str, kind: str) -> int:
    """The number a set must reach to count as the top: reps, or seconds for a hold."""
    bounds = dose_range(rung, goal, kind)
    if bounds is not None:
        return bounds[1]
    seconds = hold_seconds(rung)
    assert seconds is not None
    return seconds
