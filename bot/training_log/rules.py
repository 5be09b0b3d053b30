"""Per-set detail of a training log: `log reps hip-thrust 3x12 @40kg rir 2`.

After `log reps <exercise>` come the reps and optional words, in any order after the reps:
    12            12 reps in all (a total, as challenges count it)
    3x12          three sets of 12 (36 reps in all)
    @40kg         the load used: a weight (kg or lb) or a band label such as @red-band
    rir 2         reps in reserve at the end of the sets (how many more were possible)
A log with sets, a load or a reps-in-reserve figure is a record of working sets: its reps are
per set (a single number with a load is one set). A bare total stays a challenge total and
never steers the program. Holds log seconds as their reps: `log reps side-plank-knees 3x30`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from bot.errors import BadInput
from bot.marks import N_
from bot.programs.load import normalize_load

MAX_SETS = 10
MAX_SET_REPS = 300  # holds are logged in seconds
MAX_RIR = 10
_SETS = re.compile(r"^(\d{1,2})\s*[x×*]\s*(\d{1,3})$")
_RIR = re.compile(r"^rir=?(\d{1,2})$")
UNIT_WORDS = frozenset({"kg", "kgs", "lb", "lbs"})
USAGE = N_(
    "Use /log reps <exercise-id> <reps> or <sets>x<reps>, then optionally @<load> and "
    "rir <n>, e.g. /log reps hip-thrust 3x12 @40kg rir 2."
)


@dataclass(frozen=True, slots=True)
class LiftDetail:
    """What one log says about working sets; reached_top comes from a check-in answer."""

    set_reps: int | None = None
    sets: int | None = None
    load: str | None = None
    rir: int | None = None
    reached_top: bool | None = None


@dataclass(frozen=True, slots=True)
class LoggedLift:
    """A logged result for one exercise at one moment (what the program reads back)."""

    exercise_id: str
    at: datetime
    detail: LiftDetail


def parse_reps(words: list[str], max_total: int) -> tuple[int, LiftDetail | None]:
    """(reps in all, per-set detail or None) from the words after `log reps <exercise>`."""
    if not words:
        raise BadInput(USAGE)
    sets, set_reps = _amount(words[0])
    load: str | None = None
    rir: int | None = None
    rest = [word.lower() for word in words[1:]]
    while rest:
        word = rest.pop(0)
        if word.startswith("@"):
            text = word[1:] or (rest.pop(0) if rest else "")
            if rest and rest[0] in UNIT_WORDS:
                text += rest.pop(0)
            load = normalize_load(text)
        elif word == "rir" and rest:
            rir = _rir(rest.pop(0))
        elif match := _RIR.match(word):
            rir = _rir(match[1])
        else:
            raise BadInput(USAGE)
    total = set_reps * (sets or 1)
    if not 1 <= total <= max_total:
        raise BadInput(N_("At most {count} reps can be logged at once."), count=max_total)
    if sets is None and load is None and rir is None:
        return total, None
    if set_reps > MAX_SET_REPS:
        raise BadInput(
            N_("Per set, log at most {count} reps (or seconds for a hold)."), count=MAX_SET_REPS
        )
    return total, LiftDetail(set_reps=set_reps, sets=sets or 1, load=load, rir=rir)


def _amount(word: str) -> tuple[int | None, int]:
    """(sets or None, reps) from '12' or '3x12'."""
    text = word.strip().lower().replace(",", "").replace("_", "")
    match = _SETS.match(text)
    if match:
        sets, reps = int(match[1]), int(match[2])
        if not 1 <= sets <= MAX_SETS or reps < 1:
            raise BadInput(
                N_("Log 1 to {count} sets of at least one rep, e.g. 3x12."), count=MAX_SETS
            )
        return sets, reps
    if not text.isdigit() or int(text) < 1:
        raise BadInput(N_("The number of reps must be a positive whole number (or sets x reps)."))
    return None, int(text)


def _rir(text: str) -> int:
    if not text.isdigit() or int(text) > MAX_RIR:
        raise BadInput(
            N_("Reps in reserve is a whole number from 0 to {count}, e.g. rir 2."), count=MAX_RIR
        )
    return int(text)


@dataclass(frozen=True, slots=True)
class TrainingEntry:
    """One `log` as the athlete's own training history keeps it."""

    athlete_id: int
    kind: str  # "sessions", "reps", or "result" (a check-in's per-exercise answer)
    exercise_id: str | None
    amount: int
    at: datetime
    detail: LiftDetail | None = None  # per-set detail that steers the program
