"""A week's program with its exercise names and technique cues in the athlete's language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from bot.programs.cues import Cue
from bot.programs.model import Prescription, WeekProgram
from bot.programs.notes import Note
from bot.programs.render import TITLE_SUFFIX
from knowledge.exercises import Catalogue
from knowledge.translations import ExerciseTranslation


def localised(
    program: WeekProgram, catalogue: Catalogue, texts: Mapping[str, ExerciseTranslation]
) -> WeekProgram:
    """The same week, each exercise named and cued from `texts` (one language's exercises),
    in its sessions, their titles and the notes that name exercises (a pain swap, one left
    out)."""
    names = {
        catalogue.get(exercise_id).name: text.name
        for exercise_id, text in texts.items()
        if exercise_id in catalogue
    }
    sessions = tuple(
        replace(
            session,
            title=_title(session.title, names),
            exercises=tuple(_item(i, catalogue, texts) for i in session.exercises),
        )
        for session in program.sessions
    )
    notes = tuple(_note(note, names) for note in program.notes)
    return replace(program, sessions=sessions, notes=notes)


def _title(title: str, names: Mapping[str, str]) -> str:
    """A session title ("<main lift> and side-glute work") naming its main lift in `names`."""
    if not title.endswith(TITLE_SUFFIX):
        return title
    main = title[: -len(TITLE_SUFFIX)]
    return names.get(main, main) + TITLE_SUFFIX


def _note(note: str, names: Mapping[str, str]) -> str:
    """A note built from values with every English exercise name in it replaced."""
    if not isinstance(note, Note):
        return note
    values = {
        key: names.get(value, value)
        if isinstance(value, str)
        else tuple(names.get(item, item) for item in value)
        for key, value in note.values.items()
    }
    return Note(note.message, **values)


def _item(
    item: Prescription, catalogue: Catalogue, texts: Mapping[str, ExerciseTranslation]
) -> Prescription:
    translated = texts.get(item.exercise_id)
    if translated is None or item.exercise_id not in catalogue:
        return item
    # The tip opens with the exercise's first technique cue; the load and tempo advice after
    # it is translated where it is shown (cue_text).
    cue = item.cue
    if isinstance(cue, Cue):
        cue = cue.with_technique(translated.cues[0])
    else:
        english = catalogue.get(item.exercise_id).cues[0]
        if cue.startswith(english):
            cue = translated.cues[0] + cue[len(english) :]
    return replace(item, name=translated.name, cue=cue)
