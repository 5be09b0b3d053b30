"""The shape of an athlete's week: which exercises each session holds and how many sets.

The shape depends on the profile only, never on the week, so the same exercises carry
through the weeks and can progress. Each session holds, in order:

1. one activation move (warm-up, never counted as work);
2. its main lift: the best compound of the session's pattern group (MAIN_GROUPS), with the
   other groups as fallbacks when avoid flags or equipment leave none;
3. one or two isolation moves for the gluteus medius and minimus;
4. a stability move when the goal is strength, or when the volume needs one.

An exercise family (an exercise with its harder and gentler variants) is worked at most
twice a week, so no exercise appears more than twice even after some slots progress to a
harder variant; where the catalogue allows, the same move is not in two sessions in a row,
and no two variants of one exercise share a session. Then the volume fit
adds or removes sets (two to four per item) until the weekly hard sets of the gluteus
medius/minimus sit inside the level's AIM, the session with the fewest getting the next set
so the work is spread across the days, and caps the other muscle groups.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from bot.programs.progress import variants
from bot.programs.rules import (
    AIM,
    FIRST_SETS,
    LATERAL,
    MAIN_GROUPS,
    MAIN_SETS,
    MAX_SETS,
    MUSCLE_GROUPS,
    SCHEDULES,
)
from bot.programs.selection import GROUP_PATTERNS, Selector
from bot.programs.volume import set_share
from knowledge.exercises import Exercise

MAX_ISOLATION = 2


@dataclass(slots=True)
class Slot:
    """One exercise placed in a session with its planned working sets."""

    kind: str
    exercise: Exercise
    sets: int


@dataclass(slots=True)
class PlannedSession:
    """One training day of the week's shape."""

    weekday: str
    group: str
    slots: list[Slot] = field(default_factory=list)

    def working(self) -> list[Slot]:
        """The slots that count as work (everything but activation)."""
        return [slot for slot in self.slots if slot.kind != "activation"]


class WeekPlanner:
    """Builds the week's shape for one profile."""

    def __init__(self, selector: Selector) -> None:
        self.selector = selector
        self.profile = selector.profile
        self.uses: Counter[str] = Counter()
        self.sessions: list[PlannedSession] = []
        self._shares: dict[tuple[str, str], tuple[float, float]] = {}

    def plan(self) -> list[PlannedSession]:
        """Pick the main lifts, then isolation, stability and activation moves, then fit."""
        for index, weekday in enumerate(SCHEDULES[self.profile.days_per_week]):
            session = PlannedSession(weekday, MAIN_GROUPS[index])
            self.sessions.append(session)
            main = self._main_lift(session)
            if main is not None:
                self._place(session, "compound", main, MAIN_SETS[self.profile.level])
        # Emphasize keeps room for a 45-degree kickback (gluteus maximus too) every session.
        room = FIRST_SETS * len(self.sessions) if self.profile.goal == "emphasize" else 0
        self._cap_other_groups({"gluteus maximus": room})
        for session in self.sessions:
            self._add(session, "isolation", 0, FIRST_SETS, capped=True) or self._add(
                session, "isolation", 0, FIRST_SETS
            )
        if self.profile.goal == "strength":
            for session in self.sessions:
                self._add(session, "stability", 0, FIRST_SETS, capped=True)
        self._cap_other_groups()
        self._fit_lateral()
        for session in self.sessions:  # last: the warm-up takes a family the work left free
            self._add(session, "activation", 0, 0)
        return self.sessions

    def _main_lift(self, session: PlannedSession) -> Exercise | None:
        order = [session.group, *(g for g in GROUP_PATTERNS if g != session.group)]
        mains_so_far = {
            self.selector.family[slot.exercise.id]
            for other in self.sessions
            for slot in other.slots
            if slot.kind == "compound"
        }
        for group in order:
            candidates = self.selector.main_lifts(group)
            fresh = [ex for ex in candidates if self.selector.family[ex.id] not in mains_so_far]
            unused = [ex for ex in candidates if self.uses[self.selector.family[ex.id]] == 0]
            pick = (
                self._first_free(session, fresh)
                or self._first_free(session, unused)
                or self._first_free(session, candidates)
            )
            if pick is not None:
                return pick
        return None

    def _add(
        self, session: PlannedSession, kind: str, slot: int, sets: int, *, capped: bool = False
    ) -> bool:
        """Place the best free exercise for a job; False when none is left."""
        candidates = self.selector.ranked(kind, slot)
        if capped:
            totals = self._totals()
            candidates = [ex for ex in candidates if self._within_caps(ex, sets, totals)]
        pick = self._first_free(session, candidates, avoid_previous=True)
        if pick is None:
            pick = self._first_free(session, candidates)
        if pick is None:
            return False
        self._place(session, kind, pick, sets)
        return True

    def _first_free(
        self, session: PlannedSession, candidates: list[Exercise], *, avoid_previous: bool = False
    ) -> Exercise | None:
        families = {self.selector.family[slot.exercise.id] for slot in session.slots}
        previous = self._previous_ids(session) if avoid_previous else set()
        for exercise in candidates:
            if (
                self.selector.family[exercise.id] not in families
                and self.uses[self.selector.family[exercise.id]] < 2
                and exercise.id not in previous
            ):
                return exercise
        return None

    def _previous_ids(self, session: PlannedSession) -> set[str]:
        index = self.sessions.index(session)
        return {slot.exercise.id for slot in self.sessions[index - 1].slots} if index else set()

    def _place(self, session: PlannedSession, kind: str, exercise: Exercise, sets: int) -> None:
        session.slots.append(Slot(kind, exercise, sets))
        if kind != "activation":
            self.uses[self.selector.family[exercise.id]] += 1

    # --- volume -------------------------------------------------------------------------

    def _share(self, exercise: Exercise, group: str, *, most: bool = True) -> float:
        """The largest (or smallest) share of the group along the exercise's variant chain."""
        key = (exercise.id, group)
        if key not in self._shares:
            chain = variants(self.selector, exercise, frozenset())
            shares = [set_share(variant, group) for variant in chain]
            self._shares[key] = (min(shares), max(shares))
        low, high = self._shares[key]
        return high if most else low

    def _totals(self, *, most: bool = True) -> dict[str, float]:
        """Weekly hard sets per group, with each chain's largest (or smallest) shares."""
        totals = dict.fromkeys(MUSCLE_GROUPS, 0.0)
        for session in self.sessions:
            for slot in session.working():
                for group in MUSCLE_GROUPS:
                    totals[group] += slot.sets * self._share(slot.exercise, group, most=most)
        return totals

    def _session_lateral(self, session: PlannedSession) -> float:
        return sum(slot.sets * self._share(slot.exercise, LATERAL) for slot in session.working())

    def _fit_lateral(self) -> None:
        low, high = AIM[self.profile.level][LATERAL]
        while self._totals(most=False)[LATERAL] < low:
            if not any(self._grow(s) for s in sorted(self.sessions, key=self._session_lateral)):
                break
        while self._totals()[LATERAL] > high:
            by_most = sorted(self.sessions, key=self._session_lateral, reverse=True)
            if not any(self._shrink(session) for session in by_most):
                break

    def _grow(self, session: PlannedSession) -> bool:
        """One more side-glute set in this session; False when it cannot take one."""
        for limit in (3, MAX_SETS):
            if self._add_set(session, ("isolation",), limit):
                return True
            room = limit == 3 and self._count(session, "isolation") < MAX_ISOLATION
            if room and self._add(session, "isolation", 1, FIRST_SETS, capped=True):
                return True
        no_stability = self._count(session, "stability") == 0
        if no_stability and self._add(session, "stability", 0, FIRST_SETS, capped=True):
            return True
        return self._add_set(session, ("stability",), MAX_SETS)

    def _add_set(self, session: PlannedSession, kinds: tuple[str, ...], limit: int) -> bool:
        """A set more on the side-glute item of these kinds with the fewest sets."""
        totals = self._totals()
        open_slots = [
            s
            for s in session.working()
            if s.kind in kinds
            and s.sets < limit
            and set_share(s.exercise, LATERAL) > 0
            and self._within_caps(s.exercise, 1, totals)
        ]
        if not open_slots:
            return False
        min(open_slots, key=lambda s: s.sets).sets += 1
        return True

    def _within_caps(
        self, exercise: Exercise, sets: int, totals: dict[str, float] | None = None
    ) -> bool:
        """True when `sets` more of the exercise keep every other group inside its aim."""
        totals = totals or self._totals()
        aims = AIM[self.profile.level]
        return all(
            totals[group] + sets * self._share(exercise, group) <= aims[group][1]
            for group in MUSCLE_GROUPS
            if group != LATERAL
        )

    def _shrink(self, session: PlannedSession) -> bool:
        """One side-glute set less in this session; False when nothing can go."""
        for kind in ("stability", "isolation"):
            slots = [s for s in session.working() if s.kind == kind and s.sets > FIRST_SETS]
            if slots:
                max(slots, key=lambda s: s.sets).sets -= 1
                return True
        if self._drop_extra(session):
            return True
        main = [s for s in session.working() if s.kind == "compound" and s.sets > FIRST_SETS]
        if main and set_share(main[0].exercise, LATERAL) > 0:
            main[0].sets -= 1
            return True
        # Last resort (short weeks of many days): single sets of the accessory work.
        light = [s for s in session.working() if s.kind != "compound" and s.sets > 1]
        light = [s for s in light if set_share(s.exercise, LATERAL) > 0]
        if light:
            max(light, key=lambda s: s.sets).sets -= 1
            return True
        return self._drop_extra(session, keep_stability=False)

    def _drop_extra(self, session: PlannedSession, *, keep_stability: bool = True) -> bool:
        """Remove a second isolation item, else a stability item the goal can spare."""
        isolation = [s for s in session.working() if s.kind == "isolation"]
        stability = [s for s in session.working() if s.kind == "stability"]
        spared = keep_stability and self.profile.goal == "strength"
        spare = isolation[1:] or ([] if spared else stability)
        if not spare:
            return False
        doomed = spare[-1]
        session.slots.remove(doomed)
        self.uses[self.selector.family[doomed.exercise.id]] -= 1
        return True

    def _count(self, session: PlannedSession, kind: str) -> int:
        return sum(slot.kind == kind for slot in session.slots)

    def _cap_other_groups(self, room: dict[str, float] | None = None) -> None:
        """Trim sets (main lifts first) while a non-side-glute group is above its aim, less
        the room kept for work still to be placed."""
        aims = AIM[self.profile.level]
        for group in MUSCLE_GROUPS:
            if group == LATERAL:
                continue
            ceiling = aims[group][1] - (room or {}).get(group, 0.0)
            while self._totals()[group] > ceiling:
                slots = [
                    s
                    for session in self.sessions
                    for s in session.working()
                    if s.sets > FIRST_SETS and self._share(s.exercise, group) > 0
                ]
                if not slots:
                    break
                max(slots, key=lambda s: (s.sets, self._share(s.exercise, group))).sets -= 1


def plan_week(selector: Selector) -> tuple[PlannedSession, ...]:
    """The week's shape for the selector's profile (built once per catalogue and profile)."""
    key = ("week-plan", selector.profile)
    return selector.catalogue.memo(key, lambda: tuple(WeekPlanner(selector).plan()))
