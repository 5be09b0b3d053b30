"""Train the learned entry classifier (which FAQ entry a question asks about).

    .venv/bin/python scripts/train_intent_model.py          # train, write the weights
    .venv/bin/python scripts/train_intent_model.py --check  # validation figures only

Training data: every entry's title, phrasings and keywords, the other languages' phrasings
(knowledge/phrasings/), the out-of-scope wording of knowledge/intent_out_of_scope.yaml, and
the questions of the development sets in TRAIN_SETS (out-of-scope ones, like that wording,
as the class OUT_OF_SCOPE). Features: the n-grams plus the lexical index's terms.
dev3.yaml was the validation set while the design was chosen (see docs/intent_model.md);
the held-out sets are never read here. The same featuriser as the safety model
(bot.faq.intent_model.intent_features). Needs scikit-learn (a development tool only).
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import sys
from collections import Counter
from pathlib import Path

# One thread: parallel sums come out in a different order each run; one thread repeats.
os.environ.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")

import numpy as np
import yaml
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.faq.engine import FaqEngine  # noqa: E402
from bot.faq.intent_model import INTENT_BUCKETS, OUT_OF_SCOPE, intent_features  # noqa: E402
from bot.faq.safety_features import FEATURE_VERSION, N_BUCKETS  # noqa: E402
from bot.faq.service import build_faq_engine  # noqa: E402

EVAL_DIR = ROOT / "tests" / "faq" / "eval"
# Each development file is one writer: scripts/lowo_faq.py holds each out in turn.
WRITERS = (
    "dev",
    "dev2",
    "dev3",
    "dev_multilingual",
    "dev4a",
    "dev4b",
    "dev4c",
    "dev4d",
    "dev5a",
    "dev6",
)
TRAIN_SETS = WRITERS  # dev3 added after the first model's choice
VALIDATION_SET = "dev3"
WEIGHTS = ROOT / "knowledge" / "intent_model.npz"
# Kinds of question that are none of ours, written by meaning in six languages.
OUT_OF_SCOPE_WORDING = ROOT / "knowledge" / "intent_out_of_scope.yaml"
C = 20.0
OUT_OF_SCOPE_CLASS = True
TERM_WEIGHT = 0.5  # the lexical terms' share beside the n-grams (leave-one-writer-out)
MAX_ITER = 1000


def build_training_data(exclude: str | None = None) -> list[tuple[str, str]]:
    """(question, entry id) from the knowledge base and the development sets, in file order;
    without the development set named `exclude` (a held-out writer)."""
    rows: list[tuple[str, str]] = []
    for path in sorted((ROOT / "knowledge" / "faq").glob("*.yaml")):
        entry = yaml.safe_load(path.read_text("utf-8"))
        texts = (entry["title"], *entry["phrasings"], *entry.get("keywords", ()))
        rows.extend((text, entry["id"]) for text in texts)
    for path in sorted((ROOT / "knowledge" / "phrasings").glob("*.yaml")):
        table = yaml.safe_load(path.read_text("utf-8"))
        for entry_id, phrasings in table.items():
            rows.extend((p, entry_id) for p in phrasings)
    if OUT_OF_SCOPE_CLASS:
        wording = yaml.safe_load(OUT_OF_SCOPE_WORDING.read_text("utf-8"))
        rows.extend((text, OUT_OF_SCOPE) for text in wording)
    for name in TRAIN_SETS:
        if name != exclude:
            rows.extend(_in_scope(name))
    return rows


def _in_scope(name: str) -> list[tuple[str, str]]:
    """A development set's in-scope questions with their entry, and its out-of-scope ones
    labelled OUT_OF_SCOPE (the model learns to say "none of ours" too)."""
    items = yaml.safe_load((EVAL_DIR / f"{name}.yaml").read_text("utf-8"))
    groups = ("in_scope", "out_of_scope") if OUT_OF_SCOPE_CLASS else ("in_scope",)
    return [
        (item["q"], item["expect"] if item["group"] == "in_scope" else OUT_OF_SCOPE)
        for item in items
        if item["group"] in groups
    ]


@functools.cache
def lexical_engine() -> FaqEngine:
    """The engine without a learned model: it reads a question's terms as at run time."""
    return build_faq_engine(intent_model=None)


def matrix(texts: list[str]) -> csr_matrix:
    indptr, indices, data = [0], [], []
    for text in texts:
        ids, values = intent_features(text, lexical_engine().terms(text), TERM_WEIGHT)
        indices.append(ids)
        data.append(values)
        indptr.append(indptr[-1] + len(ids))
    x = csr_matrix(
        (np.concatenate(data), np.concatenate(indices), np.array(indptr)),
        shape=(len(texts), INTENT_BUCKETS),
    )
    x.sum_duplicates()  # folded buckets that collide add up, as they do at run time
    return x


def fit(rows: list[tuple[str, str]]) -> LogisticRegression:
    x = matrix([q for q, _ in rows])
    y = np.array([entry for _, entry in rows])
    return LogisticRegression(C=C, max_iter=MAX_ITER, tol=1e-4).fit(x, y)


def training_digest(rows: list[tuple[str, str]]) -> str:
    """What the shipped weights were trained on: the rows and the training settings."""
    settings = f"{FEATURE_VERSION} {N_BUCKETS} {INTENT_BUCKETS} {C} {MAX_ITER} {TERM_WEIGHT}"
    data = json.dumps(rows, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(data + settings.encode()).hexdigest()


def validate(model: LogisticRegression) -> None:
    """The model alone (no gate, no lexical ranking) on the validation set's questions."""
    items = _in_scope(VALIDATION_SET)
    predicted = model.predict(matrix([q for q, _ in items]))
    right = Counter(p == expect for p, (_, expect) in zip(predicted, items, strict=True))
    share = right[True] / len(items)
    print(f"{VALIDATION_SET} in-scope, model alone: {share:.1%} (n={len(items)})")


def save(model: LogisticRegression, digest: str, path: Path = WEIGHTS) -> None:
    np.savez_compressed(
        path,
        entries=np.array([str(c) for c in model.classes_]),
        weights=np.asarray(model.coef_, dtype=np.float32).T.astype(np.float16),
        bias=np.asarray(model.intercept_, dtype=np.float32),
        feature_version=np.int32(FEATURE_VERSION),
        n_buckets=np.int32(INTENT_BUCKETS),
        source_buckets=np.int32(N_BUCKETS),
        training_sha256=np.array(digest),
        term_weight=np.float32(TERM_WEIGHT),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="print figures, write nothing")
    args = parser.parse_args()
    rows = build_training_data()
    print(f"{len(rows)} questions over {len({e for _, e in rows})} entries")
    model = fit(rows)
    if VALIDATION_SET not in TRAIN_SETS:
        validate(model)
    if not args.check:
        save(model, training_digest(rows))
        print(f"wrote {WEIGHTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
