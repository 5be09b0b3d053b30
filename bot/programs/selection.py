"""Which exercises suit a profile, how they rank for each job, and gentler swaps for pain.

Suits: all its equipment is unlocked, it loads no avoided joint and takes no position an
avoid flag rules out (program_rules.AVOID_POSITIONS), and its level is at most the
athlete's (a catalogue level is a floor: heavier variants at a lower level are fine).

Ranking per job, best first:
- main lift (compound): heaviest equipment first (barbell, then weights, bands, bodyweight),
  then closest level, two-legged before one-legged, then the start of its variant chain.
- isolation: only moves whose primary muscles include the gluteus medius or minimus.
  soften: frontal-plane abductions first; emphasize: upper-glute (45-degree kickback) moves
  first and moves that spare the tensor fasciae latae; strength: heaviest first.
- stability: side-glute work first (heaviest first for the strength goal).
- activation: light side-glute moves; a balance hold first for the strength goal.

Pain swap. An exercise reported painful is replaced by, in order: its regression (or that
one's regression, ...), then another exercise of the same role group (light: activation and
isolation; loaded: compound and stability). A replacement must suit the profile, never have
been reported painful, share a glute muscle with the painful one (the gluteus medius or
minimus when it loaded them), load none of its joints, be no harder and be used fewer than
twice that week. Without one the item is dropped and the notes say so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from bot.programs.model import Profile
from bot.programs.rules import AVOID_POSITIONS, EQUIPMENT_SETS
from knowledge.exercises import GLUTES, LATERAL_GLUTES, LEVEL_ORDER, Catalogue, Exercise

ROLE_GROUPS = {
    "activation": "light",
    "isolation": "light",
    "compound": "loaded",
    "stability": "loaded",
}
GROUP_PATTERNS = {
    "bridge": ("bridge",),
    "single-leg": ("squat", "lunge", "step-up"),
    "hinge": ("hinge",),
}
TFL = "tensor fasciae latae"
RankKey = Callable[[Exercise], tuple[object, ...]]


def lateral_primary(exercise: Exercise) -> bool:
    """True when the gluteus medius or minimus is among its primary muscles."""
    return not LATERAL_GLUTES.isdisjoint(exercise.primary)


def upper_glute(exercise: Exercise) -> bool:
    """True for moves that work the gluteus maximus and medius together (45-degree kickbacks)."""
    return {"gluteus maximus", "gluteus medius"} <= set(exercise.primary)


class Selector:
    """Ranks and filters exercises for one profile from one catalogue."""

    def __init__(self, catalogue: Catalogue, profile: Profile) -> None:
        self.catalogue = catalogue
        self.profile = profile
        self.allowed = EQUIPMENT_SETS[profile.equipment]
        self.rank = LEVEL_ORDER[profile.level]
        self.blocked_positions = frozenset().union(
            *(AVOID_POSITIONS[area] for area in profile.avoid)
        )
        # Pydantic private attributes are slow to reach; one copy keeps the loops fast.
        self.family = catalogue.families
        self._depth = {ex.id: _depth(catalogue, ex) for ex in catalogue}
        self._ranked: dict[tuple[str, int], list[Exercise]] = {}

    def suits(self, exercise: Exercise, max_rank: int | None = None) -> bool:
        """True when equipment, avoided joints and positions, and level allow the exercise."""
        return (
            self.allowed.issuperset(exercise.equipment)
            and self.profile.avoid.isdisjoint(exercise.stresses)
            and self.blocked_positions.isdisjoint(exercise.positions)
            and exercise.level_rank <= (self.rank if max_rank is None else max_rank)
        )

    def harder(self, exercise: Exercise, pain: frozenset[str]) -> Exercise | None:
        """The first listed progression that suits (up to one level above), or None."""
        for target in exercise.progression:
            candidate = self.catalogue.get(target)
            if candidate.id not in pain and self.suits(candidate, min(self.rank + 1, 2)):
                return candidate
        return None

    def ranked(self, kind: str, slot: int = 0) -> list[Exercise]:
        """Candidates for a job, best first (slot 1 of emphasize isolation ranks differently)."""
        key = (kind, slot)
        if key not in self._ranked:
            candidates = [ex for ex in self.catalogue if self._fits(ex, kind) and self.suits(ex)]
            candidates.sort(key=self._rank_key(kind, slot))
            self._ranked[key] = candidates
        return self._ranked[key]

    def main_lifts(self, group: str) -> list[Exercise]:
        """Compound lifts of one pattern group, best first."""
        patterns = GROUP_PATTERNS[group]
        return [ex for ex in self.ranked("compound") if ex.pattern in patterns]

    def _fits(self, exercise: Exercise, kind: str) -> bool:
        if kind == "activation":
            return exercise.role == "activation" or (
                exercise.role == "isolation" and not exercise.needs_load
            )
        if kind == "isolation":
            rep_based = exercise.reps is not None
            light = exercise.role in ("isolation", "activation")
            return light and rep_based and lateral_primary(exercise)
        return exercise.role == kind

    def _rank_key(self, kind: str, slot: int) -> RankKey:
        goal = self.profile.goal

        def closeness(ex: Exercise) -> int:
            return abs(self.rank - ex.level_rank)

        if kind == "compound":
            return lambda ex: (
                -ex.load_rank,
                closeness(ex),
                ex.per_side,
                self._depth[ex.id],
                ex.id,
            )
        if kind == "activation":
            return lambda ex: (
                not (goal == "strength" and ex.seconds is not None and ex.role == "activation"),
                ex.role != "activation",
                not lateral_primary(ex),
                ex.id,
            )
        if kind == "stability":
            return lambda ex: (
                (-ex.load_rank, not lateral_primary(ex))
                if goal == "strength"
                else (not lateral_primary(ex), -ex.load_rank),
                closeness(ex),
                ex.id,
            )
        return self._isolation_key(goal, slot, closeness)

    def _isolation_key(self, goal: str, slot: int, closeness: Callable[[Exercise], int]) -> RankKey:
        def common(ex: Exercise) -> tuple[object, ...]:
            # Working moves first: a warm-up move is a working set only when nothing else fits.
            return (ex.role != "isolation", -ex.load_rank, closeness(ex))

        if goal == "emphasize":
            first = slot == 0
            return lambda ex: (
                ex.role != "isolation",
                (not upper_glute(ex)) if first else upper_glute(ex),
                TFL in ex.muscles,
                *common(ex)[1:],
                ex.id,
            )
        if goal == "soften":
            return lambda ex: (
                ex.role != "isolation",
                ex.plane != "frontal",
                *common(ex)[1:],
                TFL in ex.muscles,
                ex.id,
            )
        return lambda ex: (*common(ex), ex.plane != "frontal", ex.id)

    def replacement(
        self, painful: Exercise, pain: frozenset[str], taken: set[str], uses: Mapping[str, int]
    ) -> Exercise | None:
        """A gentler exercise for the same glute muscles, or None when none is safe."""

        def safe(candidate: Exercise) -> bool:
            shared = GLUTES.intersection(painful.muscles).intersection(candidate.muscles)
            return (
                candidate.id not in pain
                and uses.get(candidate.id, 0) < 2
                and self.suits(candidate, painful.level_rank)
                and bool(shared)
                and (candidate.loads_lateral_glutes or not painful.loads_lateral_glutes)
                and set(painful.stresses).isdisjoint(candidate.stresses)
            )

        regression = painful.regression
        while regression is not None:
            gentler = self.catalogue.get(regression)
            if safe(gentler) and self.family[gentler.id] not in taken:
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


def _depth(catalogue: Catalogue, exercise: Exercise) -> int:
    """How many regressions lead back to the start of the exercise's variant chain."""
    depth, current = 0, exercise.regression
    while current is not None:
        depth += 1
        current = catalogue.get(current).regression
    return depth
