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
Needs scikit-learn (a development tool, not a run-time dependency).
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

# One thread: parallel sums come out in a different order each run, and the threshold
# sits where a single trap's probability decides it. One thread helps the weights repeat.
os.environ.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")

import numpy as np
import yaml
from scipy.sparse import csr_matrix, vstack
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.faq.clauses import SHIPPED_CLAUSES, ClauseSplitter  # noqa: E402
from bot.faq.safety import SafetyDetector  # noqa: E402
from bot.faq.safety_concepts import SHIPPED_CONCEPTS, ConceptLexicon  # noqa: E402
from bot.faq.safety_features import (  # noqa: E402
    FEATURE_VERSION,
    N_BUCKETS,
    SAFETY_FEATURE_VERSION,
    Reading,
    safety_features,
)
from bot.faq.safety_model import NONE, Thresholds, decide, riskiest  # noqa: E402
from bot.faq.text import clean  # noqa: E402
from knowledge.faq import load_safety  # noqa: E402

EVAL_DIR = ROOT / "tests" / "faq" / "eval"
DEV_SETS = (
    "dev",
    "dev2",
    # FAQ questions by five more writers: `none` as people really ask (no safety in them).
    "dev3",
    "dev4a",
    "dev4b",
    "dev4c",
    "dev4d",
    "dev5a",
    "dev_safety",
    "dev_safety2",
    "dev_safety3",
    "dev_safety4",
    "dev_safety5",
    "dev_safety6",
    "dev_safety7",
    "dev_safety8",
    "dev_safety9",
    # dev_safety10, dev_safety12 and dev_safety14 stay out: fresh writers the model never saw,
    # for routing and the gentle line (tests/faq/test_gentle.py); dev6 to dev8 too, for false
    # alarms on ordinary questions. (Trained on, dev_safety14 cost dev_safety10 eight at-risk
    # messages and dev_safety12 two: not every writer helps the next.)
    "dev_safety11",
    "dev_safety13",
    "dev_multilingual",
)
TRAINING = ROOT / "knowledge" / "safety_training.yaml"
WEIGHTS = ROOT / "knowledge" / "safety_model.npz"
PATTERNS = ROOT / "knowledge" / "safety.yaml"  # the thresholds are chosen beside them
CLASSES = (NONE, "crisis", "eating", "minor", "pregnancy", "medical")
SEED = 15
FOLDS = 5
C = 20.0
TARGET_FALSE_ALARM = 0.01  # all risk classes together, on the traps
FIRE_BUDGET = 0.002  # each risk class's share of the traps it may route alone
TRAP_WEIGHT = 3.0  # a gym-talk trap teaches `none` more than an easy FAQ question does
REROUTE_FLOOR = 0.85
MARGIN = 0.02  # above the surest re-route that would have moved a right pattern
# Folds keep a whole writer out (the thresholds then price a new writer's wording), not
# only one batch of a writer whose other languages were seen.
WRITER_FOLDS = os.environ.get("SAFETY_FOLDS", "writer") == "writer"
# Read each clause beside the whole message, the riskiest speaking (bot/faq/clauses.py); the
# thresholds are chosen on that same reading out of fold. SAFETY_CLAUSES=0: whole messages.
CLAUSE_REVIEW = os.environ.get("SAFETY_CLAUSES", "1") == "1"
# Also train on the clauses of `none` messages, labelled `none` (a risky message's clauses
# are left out: which one carries the risk is unknown). Measured, not shipped: see the docs.
CLAUSE_TRAINING = os.environ.get("SAFETY_CLAUSE_TRAINING", "0") == "1"
# Concepts by meaning shared across languages (bot/faq/safety_concepts.py): 0 none, 1 one
# feature per concept said, 2 also a feature per pair said in one sentence.
CONCEPTS = int(os.environ.get("SAFETY_CONCEPTS", "2"))
# Also each word's Snowball stems (every language's stemmer that fits its script).
STEMS = os.environ.get("SAFETY_STEMS", "0") == "1"
_PART = re.compile(r"^# Part (\w):")
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


def dev_items(name: str) -> list[tuple[str, str, str]]:
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
        for text, label, source in dev_items(name):
            if clean(text) not in seen:
                seen.add(clean(text))
                rows.append({"q": text, "label": label, "source": source})
    detector = SafetyDetector(load_safety())
    for text, label, source in _knowledge_items():
        # A phrasing the patterns route ("anorexia and hip dips") is no `none` example:
        # the product answers it with care, and the model must not learn to overrule that.
        if clean(text) not in seen and detector.patterns(text) is None:
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


@functools.cache
def reading() -> Reading:
    """What the model reads beside the n-grams, as CONCEPTS and STEMS say."""
    concepts = ConceptLexicon.load(pairs=CONCEPTS == 2) if CONCEPTS else None
    return Reading(concepts, STEMS)


def matrix(texts: list[str]) -> csr_matrix:
    indptr, indices, data = [0], [], []
    for text in texts:
        ids, values = safety_features(text, reading())
        indices.append(ids)
        data.append(values)
        indptr.append(indptr[-1] + len(ids))
    return csr_matrix(
        (np.concatenate(data), np.concatenate(indices), np.array(indptr)),
        shape=(len(texts), N_BUCKETS),
    )


@dataclass(frozen=True)
class Corpus:
    """The messages' features, and each clause's with the row of the message it belongs to."""

    x: csr_matrix
    clauses: csr_matrix
    owners: np.ndarray

    @classmethod
    def build(cls, texts: list[str]) -> Corpus:
        splitter = ClauseSplitter.load() if CLAUSE_REVIEW or CLAUSE_TRAINING else None
        parts = [splitter.clauses(t) if splitter else [] for t in texts]
        owners = np.array([i for i, p in enumerate(parts) for _ in p], dtype=int)
        clauses = [c for p in parts for c in p]
        empty = csr_matrix((0, N_BUCKETS))
        parts_x = matrix(clauses) if clauses else empty
        return cls(matrix(texts), parts_x, owners)

    def predict(self, model: LogisticRegression, rows: np.ndarray) -> np.ndarray:
        """Each message's probabilities as the detector reads it: its riskiest reading."""
        whole = _in_class_order(model, self.x[rows])
        if not CLAUSE_REVIEW:
            return whole
        chosen = np.flatnonzero(np.isin(self.owners, rows))
        if not len(chosen):
            return whole
        parts = _in_class_order(model, self.clauses[chosen])
        position = {int(r): k for k, r in enumerate(rows)}
        readings: dict[int, list[np.ndarray]] = {}
        for owner, probabilities in zip(self.owners[chosen], parts, strict=True):
            readings.setdefault(position[int(owner)], []).append(probabilities)
        for k, extra in readings.items():
            stacked = np.vstack([whole[k], *extra])
            whole[k] = stacked[riskiest(stacked)]
        return whole

    def fit(self, y: np.ndarray, kinds: np.ndarray, rows: np.ndarray) -> LogisticRegression:
        """The model trained on the messages `rows` (and their clauses, see CLAUSE_TRAINING)."""
        weights = sample_weights(kinds)
        if not CLAUSE_TRAINING:
            return fit(self.x[rows], y[rows], weights[rows])
        extra = np.flatnonzero(np.isin(self.owners, rows) & (y[self.owners] == 0))
        owners = self.owners[extra]
        x = vstack([self.x[rows], self.clauses[extra]], format="csr")
        return fit(
            x,
            np.concatenate([y[rows], y[owners]]),
            np.concatenate([weights[rows], weights[owners]]),
        )


def fold_groups(rows: list[dict[str, str]]) -> np.ndarray:
    """What stays on one side of a fold: a whole development set (one writer), or a batch."""
    if WRITER_FOLDS:
        return np.array([r["source"].split(":", 1)[0] for r in rows])
    return np.array([r["source"].rsplit(":", 1)[0] for r in rows])


def fit(x: csr_matrix, y: np.ndarray, weights: np.ndarray) -> LogisticRegression:
    model = LogisticRegression(C=C, max_iter=500, class_weight="balanced", tol=1e-4)
    return model.fit(x, y, sample_weight=weights)


def sample_weights(kinds: np.ndarray) -> np.ndarray:
    return np.where(kinds == "trap", TRAP_WEIGHT, 1.0)


def out_of_fold(corpus: Corpus, y: np.ndarray, groups: np.ndarray, kinds: np.ndarray) -> np.ndarray:
    """Probabilities for each message (its riskiest reading) from a model that never saw its
    batch."""
    probabilities = np.zeros((len(y), len(CLASSES)))
    folds = StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    for train, test in folds.split(corpus.x, y, groups):
        probabilities[test] = corpus.predict(corpus.fit(y, kinds, train), test)
    return probabilities


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
    """Fire and re-route thresholds from out-of-fold probabilities (module docstring)."""
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


def report(
    probabilities: np.ndarray,
    y: np.ndarray,
    kinds: np.ndarray,
    patterns: np.ndarray,
    thresholds: Thresholds,
) -> None:
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


def _weights(model: LogisticRegression) -> tuple[np.ndarray, np.ndarray]:
    order = [list(model.classes_).index(i) for i in range(len(CLASSES))]
    weights = np.asarray(model.coef_, dtype=np.float32)[order].T
    return weights.astype(np.float16), np.asarray(model.intercept_, dtype=np.float32)[order]


def save(
    model: LogisticRegression, thresholds: Thresholds, digest: str, path: Path = WEIGHTS
) -> None:
    weights, bias = _weights(model)
    risks = CLASSES[1:]
    np.savez_compressed(
        path,
        classes=np.array(CLASSES),
        weights=weights,
        bias=bias,
        fire=np.array([thresholds.fire[c] for c in risks], dtype=np.float32),
        reroute=np.float32(thresholds.reroute),
        feature_version=np.int32(FEATURE_VERSION),
        safety_feature_version=np.int32(SAFETY_FEATURE_VERSION),
        clause_review=np.int8(CLAUSE_REVIEW),
        concepts=np.int8(CONCEPTS),
        stems=np.int8(STEMS),
        n_buckets=np.int32(N_BUCKETS),
        training_sha256=np.array(digest),
    )


def training_digest() -> str:
    """What the shipped weights were trained on: data, patterns and training settings."""
    settings = (
        f"{FEATURE_VERSION} {SAFETY_FEATURE_VERSION} {N_BUCKETS} {C} {SEED} {FOLDS} "
        f"{FIRE_BUDGET} {TRAP_WEIGHT} {REROUTE_FLOOR} {MARGIN} {WRITER_FOLDS}"
    )
    if CLAUSE_REVIEW or CLAUSE_TRAINING:
        settings += f" clauses {CLAUSE_REVIEW} {CLAUSE_TRAINING}"
    data = TRAINING.read_bytes() + PATTERNS.read_bytes()
    if CLAUSE_REVIEW or CLAUSE_TRAINING:
        data += SHIPPED_CLAUSES.read_bytes()
    if CONCEPTS or STEMS:
        settings += f" concepts {CONCEPTS} stems {STEMS}"
    if CONCEPTS:
        data += SHIPPED_CONCEPTS.read_bytes()
    return hashlib.sha256(data + settings.encode()).hexdigest()


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
    kinds = np.array([r["source"].rsplit(":", 1)[1] for r in rows])
    batches = list(FRESH_BATCHES)
    for number, (batch, commit) in enumerate(FRESH_BATCHES.items()):
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
        n_risk, n_traps = int((y[test] > 0).sum()), int((y[test] == 0).sum())
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
