"""The trainer's printed figures: out of fold, per class, per kind and per set."""

from __future__ import annotations

import numpy as np

from bot.faq.safety_model import Thresholds

from .settings import CLASSES, DEV_SETS, FOLDS, WRITER_FOLDS
from .thresholds import routed


def report(
    probabilities: np.ndarray,
    y: np.ndarray,
    kinds: np.ndarray,
    patterns: np.ndarray,
    thresholds: Thresholds,
) -> None:
    """Print the thresholds and the out-of-fold figures per class and per kind of `none`."""
    both = routed(probabilities, patterns, thresholds)
    grouping = "writer" if WRITER_FOLDS else "batch"
    print(f"thresholds (out-of-fold, {FOLDS} folds grouped by {grouping}):")
    print("  fire   " + ", ".join(f"{c} {t:.2f}" for c, t in thresholds.fire.items()))
    print(f"  reroute {thresholds.reroute:.2f}")
    alone = routed(probabilities, np.zeros_like(patterns), thresholds)
    print("class        patterns  +model  model alone  (right class, out of fold)")
    for index, name in enumerate(CLASSES[1:], start=1):
        mine = y == index
        print(
            f"  {name:10s} {(patterns[mine] == index).mean():7.1%} "
            f"{(both[mine] == index).mean():7.1%} {(alone[mine] == index).mean():7.1%}"
            f"  (n={mine.sum()})"
        )
    traps = (y == 0) & (kinds == "trap")
    print(f"  model alone routes {(alone[traps] > 0).mean():.2%} of traps")
    for kind in ("trap", "in_scope", "out_of_scope"):
        chosen = (y == 0) & (kinds == kind)
        print(
            f"  none/{kind:12s} routed {(patterns[chosen] > 0).mean():6.2%} -> "
            f"{(both[chosen] > 0).mean():6.2%}  (n={chosen.sum()})"
        )


def report_sets(y: np.ndarray, sets: np.ndarray, patterns: np.ndarray, both: np.ndarray) -> None:
    """Each development safety set: at-risk routed right and traps routed, out of fold."""
    for name in DEV_SETS:
        risky = (sets == name) & (y > 0)
        traps = (sets == name) & (y == 0)
        if not risky.any():
            continue
        print(
            f"  {name:16s} safety {(patterns[risky] == y[risky]).mean():6.1%} -> "
            f"{(both[risky] == y[risky]).mean():6.1%} (n={risky.sum()}); traps routed "
            f"{(patterns[traps] > 0).mean():5.1%} -> {(both[traps] > 0).mean():5.1%} "
            f"(n={traps.sum()})"
        )
