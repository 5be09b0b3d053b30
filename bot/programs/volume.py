"""Counting weekly hard sets per muscle group (activation sets are warm-up and never count)."""

from __future__ import annotations

from collections.abc import Iterable

from bot.programs.rules import MUSCLE_GROUPS
from knowledge.exercises import Exercise


def set_share(exercise: Exercise, group: str) -> float:
    """What one working set of the exercise counts for a muscle group (0, 0.5 or 1)."""
    return max(exercise.set_share(muscle) for muscle in MUSCLE_GROUPS[group])


def hard_sets(items: Iterable[tuple[Exercise, int]]) -> dict[str, float]:
    """Hard sets per muscle group for (exercise, working sets) pairs."""
    totals = dict.fromkeys(MUSCLE_GROUPS, 0.0)
    for exercise, sets in items:
        for group in MUSCLE_GROUPS:
            totals[group] += sets * set_share(exercise, group)
    return totals
