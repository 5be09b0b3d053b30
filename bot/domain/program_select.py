"""Choosing exercises for a session: base picks, harder variants and swaps for pain.

Picks are independent of the week so the same exercises carry through a block and can
progress; only the variant along each exercise's progression chain changes with the week.
No two exercises of one variant family (one regression chain) share a session.

Pain swap. An exercise reported painful in any earlier week is replaced by, in order:
its regression (or that one's regression, ...), then another exercise of the same role,
then of the same role group (activation/isolation or compound/stability). A replacement
must suit the profile, never have been reported painful, share a glute muscle with the
painful exercise (the gluteus medius or minimus when the painful one loaded them), load
none of the joints the painful one loads and be no harder. Without such an exercise the
item is dropped and the notes say so.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.program_rules import EQUIPMENT_SETS, WeekState
from bot.domain.program_types import Profile
from knowledge.exercises import GLUTES, LEVEL_ORDER, Catalogue, Exercise

ROLE_GROUPS = {
    "activation": "light",
    "isolation": "light",
    "compound": "loaded",
    "stability": "loaded",
}
# How far down a slot's ranked candidate list the sessions of a week rotate, so that the
# days differ from each other without reaching for poor fits.
ROTATION_WINDOW = 3
# Fallback order when a slot has no candidate left for this profile.
SLOT_FALLBACKS = {
    "activation": ("activation", "isolation"),
    "isolation": ("isolation", "activation"),
    "compound": ("compound", "stability"),
    "stability": ("stability", "compound"),
}


@dataclass(frozen=True, slots=True)
class Choice:
    """An exercise placed in a slot, with how far it progressed and what it replaced."""

    exercise: Exercise
    purpose: str
    upper: bool
    extra_sets: int
    exhausted: bool
    replaced: Exercise | None = None


@dataclass(frozen=True, slots=True)
class Dropped:
    """A painful exercise for which no safe replacement exists."""

    exercise: Exercise


class Selector:
    """Ranks and picks exercises for one profile from one catalogue."""

    def __init__(self, catalogue: Catalogue, profile: Profile) -> None:
        self.catalogue = catalogue
        self.profile = profile
        self.allowed = EQUIPMENT_SETS[profile.equipment]
        self.rank = LEVEL_ORDER[profile.level]
        self._pools: dict[str, list[Exercise]] = {}
        # Pydantic private attributes are slow to reach; one copy keeps the loops fast.
        self.family = catalogue.families

    def suits(self, exercise: Exercise, max_rank: int) -> bool:
        """True when equipment, avoided stresses and level allow the exercise."""
        return (
            self.allowed.issuperset(exercise.equipment)
            and self.profile.avoid.isdisjoint(exercise.stresses)
            and exercise.level_rank <= max_rank
        )

    def pool(self, purpose: str) -> list[Exercise]:
        """Candidates for a slot, best first; all but activation must load the side glutes."""
        if purpose not in self._pools:
            candidates = [
                ex
                for ex in self.catalogue
                if ex.role == purpose
                and self.suits(ex, self.rank)
                and (ex.loads_lateral_glutes or purpose == "compound")
            ]
            candidates.sort(key=self._preference)
            self._pools[purpose] = candidates
        return self._pools[purpose]

    def _preference(self, exercise: Exercise) -> tuple[int, int, int, int, str]:
        # Closest to the athlete's level first, then exercises that use the equipment they
        # have (loadable work progresses further), then side-glute work, then the frontal
        # plane the articles favour for the side of the hip, then by id.
        return (
            abs(self.rank - exercise.level_rank),
            0 if exercise.needs_load else 1,
            0 if exercise.loads_lateral_glutes else 1,
            0 if exercise.plane == "frontal" else 1,
            exercise.id,
        )

    def base_picks(self, slots: tuple[str, ...], rotation: int) -> list[tuple[str, Exercise]]:
        """One (purpose, exercise) per slot; families never repeat within the session."""
        used: set[str] = set()
        picks: list[tuple[str, Exercise]] = []
        for slot in slots:
            for purpose in SLOT_FALLBACKS[slot]:
                free = [ex for ex in self.pool(purpose) if self.family[ex.id] not in used]
                if free:
                    exercise = free[rotation % min(len(free), ROTATION_WINDOW)]
                    used.add(self.family[exercise.id])
                    # An activation slot filled by an isolation move is still dosed lightly.
                    picks.append((slot if slot == "activation" else purpose, exercise))
                    break
        return picks

    def progress(self, purpose: str, base: Exercise, state: WeekState) -> Choice:
        """Walk the progression chain as far as this week and the profile allow."""
        if purpose == "activation" or base.id in state.pain:
            # Activation stays light; a painful base is swapped later, never made harder.
            return Choice(base, purpose, upper=False, extra_sets=0, exhausted=False)
        current = base
        steps = 0
        while steps < state.variant_step and current.progression is not None:
            harder = self.catalogue.get(current.progression)
            if harder.id in state.pain or not self.suits(harder, min(self.rank + 1, 2)):
                break
            current = harder
            steps += 1
        exhausted = steps < state.variant_step and not state.deload
        if exhausted and current.needs_load:
            # Double progression: the load goes up and the reps follow the usual halves.
            return Choice(current, purpose, state.upper_half, extra_sets=0, exhausted=True)
        # Bodyweight with nowhere to go: top of the range plus one set.
        return Choice(
            current,
            purpose,
            upper=state.upper_half or exhausted,
            extra_sets=1 if exhausted else 0,
            exhausted=exhausted,
        )

    def replacement(
        self, painful: Exercise, pain: frozenset[str], taken: set[str]
    ) -> Exercise | None:
        """A gentler exercise for the same glute muscles, or None when none is safe."""

        def safe(candidate: Exercise) -> bool:
            shared = GLUTES.intersection(painful.muscles).intersection(candidate.muscles)
            return (
                candidate.id not in pain
                and self.suits(candidate, painful.level_rank)
                and bool(shared)
                and (candidate.loads_lateral_glutes or not painful.loads_lateral_glutes)
                and set(painful.stresses).isdisjoint(candidate.stresses)
            )

        regression = painful.regression
        while regression is not None:
            gentler = self.catalogue.get(regression)
            if safe(gentler):
                return gentler
            regression = gentler.regression
        family = self.family[painful.id]
        others = [
            ex
            for ex in self.catalogue
            if self.family[ex.id] not in taken
            and self.family[ex.id] != family
            and ROLE_GROUPS[ex.role] == ROLE_GROUPS[painful.role]
            and safe(ex)
        ]
        if not others:
            return None
        return min(
            others,
            key=lambda ex: (
                ex.role != painful.role,
                ex.level_rank,
                -len(set(ex.muscles) & set(painful.muscles)),
                ex.id,
            ),
        )
