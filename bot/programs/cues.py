"""The one-line tip under each exercise: technique first, then what to do about load and tempo."""

from __future__ import annotations

from bot.programs.progress import Progress
from knowledge.exercises import Exercise

TEMPO_CUES = {
    1: "Lower over three seconds on every rep.",
    2: "Lower over three seconds and pause for two at the hardest point.",
}
HOLD_CUE = "Hold a little longer than before."
OUTGROWN_CUE = (
    "More reps per set for now; you have outgrown the bodyweight version and a fabric band "
    "is the next step."
)


def cue_for(
    exercise: Exercise,
    kind: str,
    progress: Progress,
    rir: int | None,
    dose: tuple[int, str],
) -> str:
    """Technique cue, plus the progression advice for a working set; `dose` is (sets, the
    top of the range as words: '12 reps' or '40 s')."""
    parts = [exercise.cues[0]]
    if kind == "activation":
        parts.append("Light and controlled: a warm-up, not a working set.")
        return " ".join(parts)
    rung = progress.rung
    if rung.tempo:
        parts.append(HOLD_CUE if exercise.seconds is not None else TEMPO_CUES[rung.tempo])
    if rung.outgrown:
        parts.append(OUTGROWN_CUE)
    if exercise.needs_load:
        parts.append(_load_advice(exercise, progress, rir, dose))
    elif progress.last_verdict == "repeat":
        parts.append("Same as last week: add a rep where you can before it moves on.")
    return " ".join(parts)


def _load_advice(
    exercise: Exercise, progress: Progress, rir: int | None, dose: tuple[int, str]
) -> str:
    """What load to use: pick one and log it, go up, stay, or use the logged one."""
    sets, top = dose
    spare = f"about {rir} in reserve" if rir is not None else "some in reserve"
    if progress.load is None:
        banded = "band" in exercise.equipment
        noun, example = ("a band", "red-band") if banded else ("a weight", "20kg")
        amount = top.split()[0] if top[0].isdigit() else top
        return (
            f"Pick {noun} you can take to {top} with {spare}, then log it "
            f"(/log reps {exercise.id} {sets}x{amount} @{example}) so the plan can build on it."
        )
    if progress.last_verdict == "up":
        return f"Go up to {progress.load}: you reached the top of the range last week."
    if progress.last_verdict == "repeat":
        return f"Stay at {progress.load} and add reps until every set reaches {top}."
    return f"Use {progress.load}; once every set reaches {top} with {spare}, log it to go up."
