"""Train the learned safety classifier and print its cross-validated figures.

    .venv/bin/python scripts/train_safety_model.py               # train, write the weights
    .venv/bin/python scripts/train_safety_model.py --rebuild-data  # first rebuild the data
    .venv/bin/python scripts/train_safety_model.py --check         # figures only, no writing

Training data is knowledge/safety_training.yaml, built from the DEVELOPMENT sets only
(tests/faq/eval/dev*.yaml) and the knowledge base's own phrasings. The held-out sets are
never read here. Every threshold is chosen by replaying the combined system (patterns, then
the model's review: bot.faq.safety_model.decide) on out-of-fold probabilities: each risk
class may add at most FIRE_BUDGET of the traps as false alarms where the patterns are
silent; a re-route may never move a development message the patterns route rightly.
Needs scikit-learn (a development tool, not a run-time dependency). The steps live in
scripts/safety_trainer/; this script runs them and names them for scripts/safety_loso.py
and the tests.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

# One thread before numpy loads (see scripts/safety_trainer/__init__.py): the weights repeat.
os.environ.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from safety_trainer.corpus import Corpus, fold_groups, out_of_fold
from safety_trainer.data import (
    build_training_data,
    dev_items,
    load_training_data,
    write_training_data,
)
from safety_trainer.history import history
from safety_trainer.report import report, report_sets
from safety_trainer.settings import (
    CLASSES,
    DEV_SETS,
    REROUTE_FLOOR,
    ROOT,
    WEIGHTS,
)
from safety_trainer.store import save, training_digest
from safety_trainer.thresholds import choose_thresholds, pattern_labels, routed

__all__ = [
    "CLASSES",
    "DEV_SETS",
    "REROUTE_FLOOR",
    "Corpus",
    "build_training_data",
    "choose_thresholds",
    "dev_items",
    "fold_groups",
    "load_training_data",
    "out_of_fold",
    "pattern_labels",
    "save",
    "training_digest",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild-data", action="store_true")
    parser.add_argument("--check", action="store_true", help="print figures, write nothing")
    parser.add_argument("--history", action="store_true", help="replay the fresh batches")
    args = parser.parse_args()
    if args.rebuild_data:
        write_training_data(build_training_data())
    rows = load_training_data()
    y = np.array([CLASSES.index(r["label"]) for r in rows])
    groups = fold_groups(rows)
    kinds = np.array([r["source"].rsplit(":", 1)[1] for r in rows])
    print(
        f"{len(rows)} messages: "
        + ", ".join(f"{CLASSES[k]} {n}" for k, n in sorted(Counter(y).items()))
    )
    texts = [r["q"] for r in rows]
    corpus = Corpus.build(texts)
    patterns = pattern_labels(texts)
    probabilities = out_of_fold(corpus, y, groups, kinds)
    thresholds = choose_thresholds(probabilities, y, kinds, patterns)
    report(probabilities, y, kinds, patterns, thresholds)
    sets = np.array([r["source"].split(":", 1)[0] for r in rows])
    report_sets(y, sets, patterns, routed(probabilities, patterns, thresholds))
    if args.history:
        history(rows, corpus, y, thresholds)
    if not args.check:
        save(corpus.fit(y, kinds, np.arange(len(y))), thresholds, training_digest())
        print(f"wrote {WEIGHTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
