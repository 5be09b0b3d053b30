"""When the model speaks: fire and re-route thresholds chosen on out-of-fold probabilities."""

from __future__ import annotations

import numpy as np

from bot.faq.safety import SafetyDetector
from bot.faq.safety_model import Thresholds, decide
from knowledge.faq import load_safety

from .settings import CLASSES, FIRE_BUDGET, MARGIN, REROUTE_FLOOR


def pattern_labels(texts: list[str]) -> np.ndarray:
    """The class index the patterns alone give each message (0: silent)."""
    detector = SafetyDetector(load_safety())
    hits = [detector.patterns(text) for text in texts]
    return np.array([0 if hit is None else CLASSES.index(hit.category) for hit in hits])


_GRID = np.round(np.arange(0.30, 0.995, 0.01), 2)


def _fire_threshold(risk: np.ndarray, silent: np.ndarray, index: int, totals: list[int]) -> float:
    """The lowest threshold whose alarms on each kind of `none` stay within FIRE_BUDGET.

    silent: one row of flags per kind (traps, all `none`) where the patterns say nothing;
    totals: how many messages of each kind there are in all.
    """
    best = risk.argmax(axis=1) + 1 == index
    for threshold in _GRID:
        fires = best & (risk[:, index - 1] > threshold)
        alarms = [(kind & fires).sum() for kind in silent]
        if all(a <= FIRE_BUDGET * n for a, n in zip(alarms, totals, strict=True)):
            return float(threshold)
    return 0.99


def choose_thresholds(
    probabilities: np.ndarray,
    y: np.ndarray,
    kinds: np.ndarray,
    patterns: np.ndarray,
) -> Thresholds:
    """Fire and re-route thresholds from out-of-fold probabilities (see the trainer's doc)."""
    risk = probabilities[:, 1:]
    traps = (y == 0) & (kinds == "trap")
    silent = np.array([traps & (patterns == 0), (y == 0) & (patterns == 0)])
    totals = [int(traps.sum()), int((y == 0).sum())]
    fire = {CLASSES[i]: _fire_threshold(risk, silent, i, totals) for i in range(1, len(CLASSES))}
    # Re-route only above every probability that would have moved a right pattern.
    moved = (patterns > 0) & (risk.argmax(axis=1) + 1 != patterns) & (y == patterns)
    most = float(risk[moved].max()) if moved.any() else 0.0
    reroute = round(min(0.99, max(REROUTE_FLOOR, most + MARGIN)), 2)
    return Thresholds(fire=fire, reroute=reroute)


def routed(probabilities: np.ndarray, patterns: np.ndarray, thresholds: Thresholds) -> np.ndarray:
    """The class index the combined system gives each message (0: not routed)."""
    out = np.zeros(len(patterns), dtype=int)
    for row, (scores, pattern) in enumerate(zip(probabilities, patterns, strict=True)):
        named = dict(zip(CLASSES, scores.tolist(), strict=True))
        hit = decide(named, CLASSES[pattern] if pattern else None, thresholds)
        out[row] = 0 if hit is None else CLASSES.index(hit.category)
    return out
