"""The messages as the model reads them (whole and by clause), and the fits on them."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix, vstack
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold

from bot.faq.clauses import ClauseSplitter
from bot.faq.safety_concepts import ConceptLexicon
from bot.faq.safety_features import N_BUCKETS, Reading, safety_features
from bot.faq.safety_model import riskiest

from .settings import (
    CLASSES,
    CLAUSE_REVIEW,
    CLAUSE_TRAINING,
    CONCEPTS,
    FOLDS,
    SEED,
    STEMS,
    TRAP_WEIGHT,
    WRITER_FOLDS,
    C,
)


@functools.cache
def reading() -> Reading:
    """What the model reads beside the n-grams, as CONCEPTS and STEMS say."""
    concepts = ConceptLexicon.load(pairs=CONCEPTS == 2) if CONCEPTS else None
    return Reading(concepts, STEMS)


def matrix(texts: list[str]) -> csr_matrix:
    """The texts' safety features, one row each."""
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
        whole = in_class_order(model, self.x[rows])
        if not CLAUSE_REVIEW:
            return whole
        chosen = np.flatnonzero(np.isin(self.owners, rows))
        if not len(chosen):
            return whole
        parts = in_class_order(model, self.clauses[chosen])
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
    """A class-balanced logistic regression on the weighted rows."""
    model = LogisticRegression(C=C, max_iter=500, class_weight="balanced", tol=1e-4)
    return model.fit(x, y, sample_weight=weights)


def sample_weights(kinds: np.ndarray) -> np.ndarray:
    """Each message's weight in training: traps count TRAP_WEIGHT times."""
    return np.where(kinds == "trap", TRAP_WEIGHT, 1.0)


def out_of_fold(corpus: Corpus, y: np.ndarray, groups: np.ndarray, kinds: np.ndarray) -> np.ndarray:
    """Probabilities for each message (its riskiest reading) from a model that never saw its
    batch."""
    probabilities = np.zeros((len(y), len(CLASSES)))
    folds = StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    for train, test in folds.split(corpus.x, y, groups):
        probabilities[test] = corpus.predict(corpus.fit(y, kinds, train), test)
    return probabilities


def in_class_order(model: LogisticRegression, x: csr_matrix) -> np.ndarray:
    """The model's probabilities with columns in CLASSES order."""
    order = [list(model.classes_).index(i) for i in range(len(CLASSES))]
    return np.asarray(model.predict_proba(x))[:, order]
