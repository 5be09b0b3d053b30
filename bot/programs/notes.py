"""Plain-English notes that come with a week's program (facts from the source articles)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.i18n import Translator, english
from bot.marks import N_
from bot.programs.model import Profile, Session
from bot.programs.rules import WeekState
from knowledge.exercises import Exercise

GOAL_NOTES: dict[str, tuple[str, ...]] = {
    "soften": (
        N_(
            "Goal soften: the aim is more muscle on the side of the hip (gluteus medius and "
            "minimus). Eat at maintenance or in a small calorie surplus; a big deficit leaves "
            "the body nothing to build with."
        ),
        N_(
            "Protein helps the build: the articles suggest roughly 0.8-1 g per pound of body "
            "weight a day (about 1.8-2.2 g per kg)."
        ),
        N_(
            "Be realistic: the dip is shaped by the pelvis and thigh bone, and isolation work "
            "alone changes the look slowly. Judge progress over several months, not weeks."
        ),
        N_(
            "Fat cannot be burned from one spot, and getting leaner can even make the dip show "
            "more, so this plan builds muscle rather than chasing weight loss."
        ),
    ),
    "emphasize": (
        N_(
            "Goal emphasize: build a firmer shelf on the upper, outer hip. The plan leans on "
            "45-degree kickbacks (upper glute) and on abductions that keep the work behind the "
            "hip bone instead of at the front of the hip."
        ),
        N_(
            "Honest caveat: on some frames extra side-glute muscle partly fills the dip instead "
            "of sharpening it; bone shape sets how deep it can look."
        ),
        N_(
            "This plan sets no diet or body-fat target. How body fat changes the look of the hip "
            "is general information you can ask for: /faq does losing fat change hip dips."
        ),
    ),
    "strength": (
        N_(
            "Goal strength: strong side glutes hold the pelvis level when you walk, run and "
            "stand on one leg, improve balance and may spare the knees and lower back."
        ),
        N_(
            "Eat enough to recover, with plenty of protein; this goal needs no special calorie "
            "target."
        ),
        N_(
            "Hip dips are normal anatomy set by bone shape; this plan trains function and does "
            "not try to change them."
        ),
    ),
}

WARM_UP = N_(
    "Warm up for about five minutes with light cardio and dynamic stretches, then do the "
    "activation exercise that opens each session: it stays easy and does not count as work."
)
EFFORT = N_(
    "RIR means reps in reserve: end each working set when you could still do about that many "
    "more clean reps. RIR 1-3 is close enough to failure to build muscle without grinding."
)
LOGGING = N_(
    "Log your working sets so the plan follows what you lift, e.g. /log reps hip-thrust 3x12 "
    "@40kg (add rir 2 if you like), or answer a check-in's result buttons. When every set "
    "reaches the top of the range at the target effort, the load or the variant goes up; "
    "fall short and it stays the same until you get there."
)
REST_DAYS = N_(
    "Muscle grows between sessions: keep the rest days, and walk or hike on them if you like."
)
DELOAD = N_(
    "Deload week (every fifth week): one set fewer and two more reps in reserve, so the body "
    "can recover before the next block."
)
REPEATED = N_(
    "Fewer than half of last week's sessions were done, so this week repeats the same "
    "prescription instead of progressing. Consistency comes first."
)
TOO_HARD = N_(
    "You marked last week as too hard: every exercise has one set fewer and progression "
    "waits a week."
)
AVOID_NOTES = {
    "knee": N_("Knee: nothing kneeling and no deep knee bends."),
    "hip": N_("Hip: nothing lying on your side and no moves that cross the leg over the midline."),
    "back": N_(
        "Back: no weighted hinges, heavy carries or loaded bending. Hip thrusts and bridges "
        "stay because the floor or bench supports the back: ribs down, stop at a straight line."
    ),
}
TFL_CAUTION = N_(
    "Side raises and abductions also work the tensor fasciae latae at the front of the hip; "
    "letting it take over can leave the IT band feeling tight. Keep the toes pointing forward "
    "and feel the work behind the hip bone."
)
PAIN_SAFETY = N_(
    "Pain means stop, not push through: stop the exercise, and if pain persists, see a "
    "physiotherapist or doctor before loading that area again."
)


AREAS = {"knee": N_("knee"), "hip": N_("hip"), "back": N_("back")}  # what an exercise stresses


class Note(str):
    """A note built from values: its English text, plus the message id and the values to
    show it in another language (`note_text`). Lists of names are tuples, joined when shown."""

    message: str
    values: dict[str, str | tuple[str, ...]]

    def __new__(cls, message: str, **values: str | tuple[str, ...]) -> Note:
        """The note in English; the message and values are kept for translation."""
        note = super().__new__(cls, _filled(message, values, english()))
        note.message, note.values = message, values
        return note


def note_text(note: str, tr: Translator) -> str:
    """A week's note in the reader's language."""
    if isinstance(note, Note):
        return _filled(note.message, note.values, tr)
    return tr.gettext(note)


def _filled(message: str, values: dict[str, str | tuple[str, ...]], tr: Translator) -> str:
    # Listed words are translated one by one (areas; an exercise name falls back to itself).
    joined = {
        k: _value(v, tr) if isinstance(v, str) else join_names((tr.gettext(i) for i in v), tr)
        for k, v in values.items()
    }
    return tr.gettext(message, **joined)


def _value(value: str, tr: Translator) -> str:
    # A value may itself be a note ('12 reps' in a tip), shown in the reader's language too.
    return _filled(value.message, value.values, tr) if isinstance(value, Note) else value


def join_names(names: Iterable[str], tr: Translator) -> str:
    """'a', 'a and b', 'a, b and c' in the reader's language."""
    items = list(names)
    if len(items) == 1:
        return items[0]
    return tr.gettext("{names} and {last}", names=", ".join(items[:-1]), last=items[-1])


def swap_note(painful: Exercise, replacement: Exercise) -> str:
    """Explain one pain swap."""
    if not painful.stresses:
        swapped = N_(
            "You reported pain with {painful}: it is replaced by {replacement}, which trains "
            "the same glute muscles."
        )
        return Note(swapped, painful=painful.name, replacement=replacement.name)
    spared = N_(
        "You reported pain with {painful}: it is replaced by {replacement}, which trains the "
        "same glute muscles without loading the {areas}."
    )
    areas = tuple(AREAS.get(area, area) for area in sorted(painful.stresses))
    return Note(spared, painful=painful.name, replacement=replacement.name, areas=areas)


def dropped_note(painful: Exercise) -> str:
    """Explain a painful exercise left out because nothing safe could replace it."""
    dropped = N_(
        "You reported pain with {painful} and no safe replacement fits your settings, "
        "so it is left out this week."
    )
    return Note(dropped, painful=painful.name)


def kept_out_note(painful: Exercise) -> str:
    """Explain that a painful exercise stays out of the program."""
    kept_out = N_("You reported pain with {painful}, so it stays out of your program.")
    return Note(kept_out, painful=painful.name)


def bands_note(names: Sequence[str]) -> str:
    """Tell a bodyweight athlete that bands are the next step for the named exercises."""
    outgrown = N_(
        "You have outgrown the bodyweight version of {names}: a set of fabric "
        "resistance bands (they stay in place better than thin rubber ones) is the next step. "
        "Switch your equipment to bands with /profile once you have them."
    )
    return Note(outgrown, names=tuple(names))


def build_notes(
    profile: Profile,
    state: WeekState,
    sessions: Sequence[Session],
    pain_notes: Sequence[str],
    outgrown: Sequence[str],
) -> tuple[str, ...]:
    """All notes for the week: safety first, then the week's adjustments, goal and technique."""
    notes: list[str] = []
    if pain_notes:
        notes.extend(pain_notes)
        notes.append(PAIN_SAFETY)
    if state.deload:
        notes.append(DELOAD)
    if state.repeated:
        notes.append(REPEATED)
    if state.too_hard:
        notes.append(TOO_HARD)
    if outgrown and profile.equipment == "none":
        notes.append(bands_note(outgrown))
    notes.extend(AVOID_NOTES[area] for area in sorted(profile.avoid))
    notes.extend(GOAL_NOTES[profile.goal])
    notes.append(WARM_UP)
    notes.append(EFFORT)
    notes.append(LOGGING)
    if any("tensor fasciae latae" in item.muscles for s in sessions for item in s.exercises):
        notes.append(TFL_CAUTION)
    notes.append(REST_DAYS)
    return tuple(dict.fromkeys(notes))
