"""Replaying the fresh batches: what the model would have added to the patterns of the day."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile

import numpy as np

from bot.faq.safety_model import Thresholds, decide

from .corpus import Corpus
from .settings import CLASSES, ROOT

# Each fresh batch, in the order written, and the commit whose patterns it was first
# measured on.
FRESH_BATCHES = {
    "dev_safety3:A": "0a2821b",
    "dev_safety3:B": "2ed3897",
    "dev_safety3:C": "d460bd3",
    "dev_safety3:E": "b9ef3a0",
    "dev_safety3:F": "902ef47",
    "dev_safety4:A": "1b1ce5a",
    "dev_safety5:A": "d8e94d2",
}
_OLD_PATTERNS = (
    "import json, sys\n"
    # Patterns only: later commits wire the model in through the service.
    "try:\n    import bot.faq.safety_model as m\n    m.SHIPPED_MODEL = None\n"
    "except ImportError:\n    pass\n"
    "try:\n    from bot.faq.service import build_faq_engine\n"
    "except ImportError:\n    from bot.services.faq import build_faq_engine\n"  # before bot/faq/
    "engine = build_faq_engine()\nhits = [engine.check_safety(q) for q in json.load(sys.stdin)]\n"
    "json.dump([None if h is None else h.topic for h in hits], sys.stdout)"
)


def _old_patterns(commit: str, texts: list[str]) -> list[str | None]:
    """The category the patterns at `commit` gave each message (None: not routed)."""
    with tempfile.TemporaryDirectory() as tree:
        archive = subprocess.run(
            ["git", "archive", commit, "bot", "knowledge"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        subprocess.run(["tar", "-x", "-C", tree], input=archive.stdout, check=True)
        done = subprocess.run(
            [sys.executable, "-c", _OLD_PATTERNS],
            input=json.dumps(texts),
            capture_output=True,
            text=True,
            check=True,
            cwd=tree,  # python -c puts the working directory before PYTHONPATH
            env={"PYTHONPATH": tree, "PATH": "/usr/bin:/bin"},
        )
    hits: list[str | None] = json.loads(done.stdout)
    return hits


def _replay_batch(
    rows: list[dict[str, str]],
    corpus: Corpus,
    y: np.ndarray,
    thresholds: Thresholds,
    number: int,
) -> tuple[dict[str, int], dict[str, int], int, int]:
    """One fresh batch: right and routed counts (patterns then, + model), at risk, traps."""
    kinds = np.array([r["source"].rsplit(":", 1)[1] for r in rows])
    batches = list(FRESH_BATCHES)
    batch, commit = batches[number], FRESH_BATCHES[batches[number]]
    # dev_safety3's part D (probes written while tuning) came after C.
    later = set(batches[number:]) | ({"dev_safety3:D"} if batch < "dev_safety3:D" else set())
    test = [i for i, r in enumerate(rows) if r["source"].startswith(f"{batch}:")]
    train = [i for i, r in enumerate(rows) if r["source"].rsplit(":", 2)[0] not in later]
    model = corpus.fit(y, kinds, np.array(train))
    probabilities = corpus.predict(model, np.array(test))
    old = _old_patterns(commit, [rows[i]["q"] for i in test])
    batch_right = {"patterns": 0, "both": 0}
    batch_routed = {"patterns": 0, "both": 0}
    for k, i in enumerate(test):
        named = dict(zip(CLASSES, probabilities[k].tolist(), strict=True))
        hit = decide(named, old[k], thresholds)
        for name, said in (("patterns", old[k]), ("both", hit and hit.category)):
            batch_right[name] += y[i] > 0 and said == CLASSES[y[i]]
            batch_routed[name] += y[i] == 0 and said is not None
    return batch_right, batch_routed, int((y[test] > 0).sum()), int((y[test] == 0).sum())


def history(
    rows: list[dict[str, str]], corpus: Corpus, y: np.ndarray, thresholds: Thresholds
) -> None:
    """What the model would have added to the patterns on each fresh batch, when it came.

    The model is trained without that batch and every later one; the patterns are those
    of the commit the batch was first measured on, before anyone tuned on it.
    """
    right = {"patterns": 0, "both": 0}
    to_safety = {"patterns": 0, "both": 0}
    total = traps = 0
    for number, batch in enumerate(FRESH_BATCHES):
        batch_right, batch_routed, n_risk, n_traps = _replay_batch(
            rows, corpus, y, thresholds, number
        )
        print(
            f"  {batch}: safety {batch_right['patterns']}/{n_risk} -> {batch_right['both']}"
            f"/{n_risk}; traps routed {batch_routed['patterns']}/{n_traps} -> "
            f"{batch_routed['both']}/{n_traps}"
        )
        for name in right:
            right[name] += batch_right[name]
            to_safety[name] += batch_routed[name]
        total += n_risk
        traps += n_traps
    print(
        f"fresh batches: safety {right['patterns'] / total:.1%} -> {right['both'] / total:.1%} "
        f"(n={total}); traps routed {to_safety['patterns'] / traps:.1%} -> "
        f"{to_safety['both'] / traps:.1%} (n={traps})"
    )
