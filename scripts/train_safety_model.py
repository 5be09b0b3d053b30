"""Train the learned safety classifier and print its cross-validated figures.

    .venv/bin/python scripts/train_safety_model.py               # train, write the weights
    .venv/bin/python scripts/train_safety_model.py --rebuild-data  # first rebuild the data
    .venv/bin/python scripts/train_safety_model.py --check         # figures only, no writing

Training data is knowledge/safety_training.yaml, built from the DEVELOPMENT sets only
(tests/faq/eval/dev*.yaml) and the knowledge base's own phrasings. The held-out sets are
never read here. The threshold is chosen on out-of-fold probabilities so that false alarms
on `none` (and on the gym-talk traps among them) stay within TARGET_FALSE_ALARM.
Needs scikit-learn (a development tool, not a run-time dependency).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

# One thread: parallel sums come out in a different order each run, and the threshold
# sits where a single trap's probability decides it. One thread helps the weights repeat.
os.environ.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")

import numpy as np
import yaml
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.faq.safety_model import FEATURE_VERSION, N_BUCKETS, NONE, features  # noqa: E402
from bot.faq.text import clean  # noqa: E402

EVAL_DIR = ROOT / "tests" / "faq" / "eval"
DEV_SETS = ("dev", "dev_safety", "dev_safety2", "dev_safety3", "dev_multilingual")
TRAINING = ROOT / "knowledge" / "safety_training.yaml"
WEIGHTS = ROOT / "knowledge" / "safety_model.npz"
CLASSES = (NONE, "crisis", "eating", "minor", "pregnancy", "medical")
SEED = 15
FOLDS = 5
C = 20.0
TARGET_FALSE_ALARM = 0.01
_PART = re.compile(r"^# Part (\w):")
# Each fresh batch of dev_safety3 and the commit whose patterns it was first measured on.
FRESH_BATCHES = {"A": "0a2821b", "B": "2ed3897", "C": "d460bd3", "E": "b9ef3a0", "F": "902ef47"}
_OLD_PATTERNS = (
    "import json, sys\nfrom bot.faq.service import build_faq_engine\n"
    "engine = build_faq_engine()\nhits = [engine.check_safety(q) for q in json.load(sys.stdin)]\n"
    "json.dump([None if h is None else h.topic for h in hits], sys.stdout)"
)


def _dev_items(name: str) -> list[tuple[str, str, str]]:
    """(message, label, source) for a development set; source = set, part and language."""
    lines = (EVAL_DIR / f"{name}.yaml").read_text("utf-8").splitlines()
    items: list[tuple[str, str, str]] = []
    part = "A"
    for line in lines:
        marker = _PART.match(line)
        if marker:
            part = marker.group(1)
        if not line.startswith("- "):
            continue
        (item,) = yaml.safe_load(line)
        label = item["expect"].removeprefix("safety:") if item["group"] == "safety" else NONE
        kind = "trap" if item["group"] == "trap" else item["group"]
        items.append((item["q"], label, f"{name}:{part}:{item['lang']}:{kind}"))
    return items


def _knowledge_items() -> list[tuple[str, str, str]]:
    items: list[tuple[str, str, str]] = []
    for path in sorted((ROOT / "knowledge" / "faq").glob("*.yaml")):
        entry = yaml.safe_load(path.read_text("utf-8"))
        for text in (entry["title"], *entry["phrasings"]):
            items.append((text, NONE, f"faq:{entry['id']}:en:in_scope"))
    for path in sorted((ROOT / "knowledge" / "phrasings").glob("*.yaml")):
        table = yaml.safe_load(path.read_text("utf-8"))
        for entry_id, phrasings in table.items():
            items.extend((p, NONE, f"phrasings:{entry_id}:{path.stem}:in_scope") for p in phrasings)
    return items


def build_training_data() -> list[dict[str, str]]:
    """Every development message and knowledge phrasing, labelled, one per folded text."""
    seen: set[str] = set()
    rows: list[dict[str, str]] = []
    for name in DEV_SETS:
        for text, label, source in _dev_items(name):
            if clean(text) not in seen:
                seen.add(clean(text))
                rows.append({"q": text, "label": label, "source": source})
    for text, label, source in _knowledge_items():
        if clean(text) not in seen:
            seen.add(clean(text))
            rows.append({"q": text, "label": label, "source": source})
    return rows


def write_training_data(rows: list[dict[str, str]]) -> None:
    header = (
        "# Training data for the learned safety classifier (scripts/train_safety_model.py).\n"
        "# Built from the DEVELOPMENT sets (tests/faq/eval/dev*.yaml) and the knowledge base's\n"
        "# phrasings; never from the held-out sets. label: none or a safety category;\n"
        "# source: set:part:language:kind, used to keep one batch on one side of a fold.\n"
    )
    lines = [
        yaml.safe_dump(
            [row], allow_unicode=True, default_flow_style=None, width=10000, sort_keys=False
        )
        for row in rows
    ]
    TRAINING.write_text(header + "".join(lines), "utf-8")


def load_training_data() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = yaml.safe_load(TRAINING.read_text("utf-8"))
    return rows


def matrix(texts: list[str]) -> csr_matrix:
    indptr, indices, data = [0], [], []
    for text in texts:
        ids, values = features(text)
        indices.append(ids)
        data.append(values)
        indptr.append(indptr[-1] + len(ids))
    return csr_matrix(
        (np.concatenate(data), np.concatenate(indices), np.array(indptr)),
        shape=(len(texts), N_BUCKETS),
    )


def fit(x: csr_matrix, y: np.ndarray) -> LogisticRegression:
    model = LogisticRegression(C=C, max_iter=500, class_weight="balanced", tol=1e-4)
    return model.fit(x, y)


def out_of_fold(x: csr_matrix, y: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Probabilities for each message from a model that never saw its batch."""
    probabilities = np.zeros((len(y), len(CLASSES)))
    folds = StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    for train, test in folds.split(x, y, groups):
        probabilities[test] = _in_class_order(fit(x[train], y[train]), x[test])
    return probabilities


def choose_threshold(probabilities: np.ndarray, y: np.ndarray, kinds: np.ndarray) -> float:
    """The lowest threshold keeping out-of-fold false alarms on none and on traps in target."""
    risk = probabilities[:, 1:].max(axis=1)
    none = y == 0
    traps = none & (kinds == "trap")
    for threshold in np.round(np.arange(0.30, 0.99, 0.01), 2):
        if (risk[none] > threshold).mean() <= TARGET_FALSE_ALARM and (
            risk[traps] > threshold
        ).mean() <= TARGET_FALSE_ALARM:
            return float(threshold)
    return 0.99


def report(probabilities: np.ndarray, y: np.ndarray, kinds: np.ndarray, threshold: float) -> None:
    risk_class = probabilities[:, 1:].argmax(axis=1) + 1
    fires = probabilities[:, 1:].max(axis=1) > threshold
    print(f"threshold {threshold:.2f} (out-of-fold, {FOLDS} folds grouped by batch)")
    for index, name in enumerate(CLASSES[1:], start=1):
        mine = y == index
        right = (fires & (risk_class == index))[mine].mean()
        print(f"  {name:10s} recall {right:6.1%}  (n={mine.sum()})")
    for kind in ("trap", "in_scope", "out_of_scope"):
        chosen = (y == 0) & (kinds == kind)
        print(f"  none/{kind:12s} false alarm {fires[chosen].mean():6.2%}  (n={chosen.sum()})")
    print(f"  none overall      false alarm {fires[y == 0].mean():6.2%}  (n={(y == 0).sum()})")


def save(model: LogisticRegression, threshold: float, digest: str) -> None:
    order = [list(model.classes_).index(i) for i in range(len(CLASSES))]
    weights = np.asarray(model.coef_, dtype=np.float32)[order].T
    bias = np.asarray(model.intercept_, dtype=np.float32)[order]
    np.savez_compressed(
        WEIGHTS,
        classes=np.array(CLASSES),
        weights=weights.astype(np.float16),
        bias=bias,
        threshold=np.float32(threshold),
        feature_version=np.int32(FEATURE_VERSION),
        n_buckets=np.int32(N_BUCKETS),
        training_sha256=np.array(digest),
    )


def training_digest() -> str:
    """What the shipped weights were trained on: the data file and the training settings."""
    settings = f"{FEATURE_VERSION} {N_BUCKETS} {C} {SEED} {FOLDS} {TARGET_FALSE_ALARM}"
    return hashlib.sha256(TRAINING.read_bytes() + settings.encode()).hexdigest()


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


def history(rows: list[dict[str, str]], x: csr_matrix, y: np.ndarray, threshold: float) -> None:
    """What the model would have added to the patterns on each fresh batch, when it came.

    The model is trained without that batch and every later one; the patterns are those
    of the commit the batch was first measured on, before anyone tuned on it.
    """
    right = {"patterns": 0, "both": 0}
    routed = {"patterns": 0, "both": 0}
    total = traps = 0
    for part, commit in FRESH_BATCHES.items():
        later = {f"dev_safety3:{p}" for p in "ABCDEF" if p >= part}
        test = [i for i, r in enumerate(rows) if r["source"].startswith(f"dev_safety3:{part}:")]
        train = [i for i, r in enumerate(rows) if r["source"].rsplit(":", 2)[0] not in later]
        probabilities = _in_class_order(fit(x[train], y[train]), x[test])
        old = _old_patterns(commit, [rows[i]["q"] for i in test])
        for k, i in enumerate(test):
            risk = probabilities[k, 1:]
            model = CLASSES[1 + int(risk.argmax())] if risk.max() > threshold else None
            for name, said in (("patterns", old[k]), ("both", old[k] or model)):
                right[name] += y[i] > 0 and said == CLASSES[y[i]]
                routed[name] += y[i] == 0 and said is not None
        total += int((y[test] > 0).sum())
        traps += int((y[test] == 0).sum())
        print(
            f"  through batch {part}: safety {right['patterns']}/{total} -> {right['both']}/{total}"
        )
    print(
        f"fresh batches: safety {right['patterns'] / total:.1%} -> {right['both'] / total:.1%} "
        f"(n={total}); traps routed {routed['patterns'] / traps:.1%} -> "
        f"{routed['both'] / traps:.1%} (n={traps})"
    )


def _in_class_order(model: LogisticRegression, x: csr_matrix) -> np.ndarray:
    order = [list(model.classes_).index(i) for i in range(len(CLASSES))]
    return np.asarray(model.predict_proba(x))[:, order]


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
    groups = np.array([r["source"].rsplit(":", 1)[0] for r in rows])
    kinds = np.array([r["source"].rsplit(":", 1)[1] for r in rows])
    print(
        f"{len(rows)} messages: "
        + ", ".join(f"{CLASSES[k]} {n}" for k, n in sorted(Counter(y).items()))
    )
    x = matrix([r["q"] for r in rows])
    probabilities = out_of_fold(x, y, groups)
    threshold = choose_threshold(probabilities, y, kinds)
    report(probabilities, y, kinds, threshold)
    if args.history:
        history(rows, x, y, threshold)
    if not args.check:
        save(fit(x, y), threshold, training_digest())
        print(f"wrote {WEIGHTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
