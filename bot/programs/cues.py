"""The one-line tip under each exercise: technique first, then what to do about load and tempo."""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import Translator
from bot.marks import N_
from bot.programs.notes import Note, note_text
from bot.programs.progress import Progress
from knowledge.exercises import Exercise

TEMPO_CUES = {
    1: N_("Lower over three seconds on every rep."),
    2: N_("Lower over three seconds and pause for two at the hardest point."),
}
HOLD_CUE = N_("Hold a little longer than before.")
OUTGROWN_CUE = N_(
    "More reps per set for now; you have outgrown the bodyweight version and a fabric band "
    "is the next step."
)
WARM_UP_CUE = N_("Light and controlled: a warm-up, not a working set.")
REPEAT_CUE = N_("Same as last week: add a rep where you can before it moves on.")
# Picking a first load: (band?, reps in reserve known?) -> the advice.
PICK = {
    (False, True): N_(
        "Pick a weight you can take to {top} with about {rir} in reserve, then log it "
        "({command}) so the plan can build on it."
    ),
    (False, False): N_(
        "Pick a weight you can take to {top} with some in reserve, then log it ({command}) "
        "so the plan can build on it."
    ),
    (True, True): N_(
        "Pick a band you can take to {top} with about {rir} in reserve, then log it "
        "({command}) so the plan can build on it."
    ),
    (True, False): N_(
        "Pick a band you can take to {top} with some in reserve, then log it ({command}) "
        "so the plan can build on it."
    ),
}
GO_UP = N_("Go up to {load}: you reached the top of the range last week.")
STAY = N_("Stay at {load} and add reps until every set reaches {top}.")
USE = {
    True: N_(
        "Use {load}; once every set reaches {top} with about {rir} in reserve, log it to go up."
    ),
    False: N_("Use {load}; once every set reaches {top} with some in reserve, log it to go up."),
}


class Cue(str):
    """The tip under an exercise: its technique cue, then advice notes. It is the English
    text, and keeps its parts so it can be shown in another language (`cue_text`)."""

    technique: str
    advice: tuple[str, ...]

    def __new__(cls, technique: str, advice: Sequence[str] = ()) -> Cue:
        """The English tip; the technique and the advice notes are kept apart."""
        cue = super().__new__(cls, " ".join([technique, *advice]))
        cue.technique, cue.advice = technique, tuple(advice)
        return cue

    def with_technique(self, technique: str) -> Cue:
        """The same advice after another technique cue (one written in another language)."""
        return Cue(technique, self.advice)


def cue_text(cue: str, tr: Translator) -> str:
    """A tip in the reader's language (its advice translated; the technique as given)."""
    if isinstance(cue, Cue):
        return " ".join([cue.technique, *(note_text(a, tr) for a in cue.advice)])
    return cue


def cue_for(
    exercise: Exercise,
    kind: str,
    progress: Progress,
    rir: int | None,
    dose: tuple[int, str],
) -> Cue:
    """Technique cue, plus the progression advice for a working set; `dose` is (sets, the
    top of the range as words: '12 reps' or '40 s')."""
    advice: list[str] = []
    if kind == "activation":
        return Cue(exercise.cues[0], [Note(WARM_UP_CUE)])
    rung = progress.rung
    if rung.tempo:
        advice.append(Note(HOLD_CUE if exercise.seconds is not None else TEMPO_CUES[rung.tempo]))
    if rung.outgrown:
        advice.append(Note(OUTGROWN_CUE))
    if exercise.needs_load:
        advice.append(_load_advice(exercise, progress, rir, dose))
    elif progress.last_verdict == "repeat":
        advice.append(Note(REPEAT_CUE))
    return Cue(exercise.cues[0], advice)


def _load_advice(
    exercise: Exercise, progress: Progress, rir: int | None, dose: tuple[int, str]
) -> Note:
    """What load to use: pick one and log it, go up, stay, or use the logged one."""
    sets, top = dose
    spare = {"rir": str(rir)} if rir is not None else {}
    if progress.load is None:
        banded = "band" in exercise.equipment
        amount = top.split()[0] if top[0].isdigit() else top
        command = f"/log reps {exercise.id} {sets}x{amount} @{'red-band' if banded else '20kg'}"
        return Note(PICK[banded, rir is not None], top=top, command=command, **spare)
    if progress.last_verdict == "up":
        return Note(GO_UP, load=progress.load)
    if progress.last_verdict == "repeat":
        return Note(STAY, load=progress.load, top=top)
    return Note(USE[rir is not None], load=progress.load, top=top, **spare)
