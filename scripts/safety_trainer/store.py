"""The shipped weights: written with their thresholds, settings and training digest."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from bot.faq.clauses import SHIPPED_CLAUSES
from bot.faq.safety_concepts import SHIPPED_CONCEPTS
from bot.faq.safety_features import FEATURE_VERSION, N_BUCKETS, SAFETY_FEATURE_VERSION
from bot.faq.safety_model import Thresholds

from .settings import (
    CLASSES,
    CLAUSE_REVIEW,
    CLAUSE_TRAINING,
    CONCEPTS,
    FIRE_BUDGET,
    FOLDS,
    MARGIN,
    PATTERNS,
    REROUTE_FLOOR,
    SEED,
    STEMS,
    TRAINING,
    TRAP_WEIGHT,
    WEIGHTS,
    WRITER_FOLDS,
    C,
)


def _weights(model: LogisticRegression) -> tuple[np.ndarray, np.ndarray]:
    order = [list(model.classes_).index(i) for i in range(len(CLASSES))]
    weights = np.asarray(model.coef_, dtype=np.float32)[order].T
    return weights.astype(np.float16), np.asarray(model.intercept_, dtype=np.float32)[order]


def save(
    model: LogisticRegression, thresholds: Thresholds, digest: str, path: Path = WEIGHTS
) -> None:
    """Write the model, its thresholds and how it reads messages to `path`."""
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
