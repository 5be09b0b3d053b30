"""A small learned safety classifier beside the patterns: hashed n-grams, linear weights.

The weights are trained offline by scripts/train_safety_model.py on knowledge/
safety_training.yaml and shipped as knowledge/safety_model.npz; nothing is trained or
downloaded at start-up. The patterns speak first; the model adds recall where they are
silent, and may re-route them to another category when it is very sure; every threshold is chosen
out of fold on the development data (docs/safety_model.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

import knowledge
from bot.faq.clauses import ClauseSplitter
from bot.faq.safety_concepts import ConceptLexicon
from bot.faq.safety_features import (
    FEATURE_VERSION,
    N_BUCKETS,
    NGRAMS_ONLY,
    SAFETY_FEATURE_VERSION,
    Reading,
    safety_features,
    softmax,
)

NONE = "none"
# Below every fire threshold, a probability this high of one of these classes adds a gentle
# line (one open-door sentence with helplines) under an ordinary answer. Chosen on fresh
# development writers: docs/safety_model.md, "A gentle line".
GENTLE = {"crisis": 0.3, "eating": 0.5}
SHIPPED_MODEL = Path(knowledge.__file__).with_name("safety_model.npz")


@dataclass(frozen=True, slots=True)
class ModelHit:
    """A risk category the model is confident about, and its probability."""

    category: str
    probability: float


@dataclass(frozen=True, slots=True)
class Thresholds:
    """When the model speaks, each chosen out of fold by scripts/train_safety_model.py.

    fire: per risk class, the probability above which the model routes a message the
    patterns left alone. reroute: the probability of another risk class above which it
    replaces the pattern's class. The model never takes a message out of safety: on short
    questions ("anorexia and hip dips") its `none` is near 1 (docs/safety_model.md).
    """

    fire: dict[str, float]
    reroute: float


def riskiest(readings: npt.NDArray[np.float64]) -> int:
    """Which reading of a message speaks: the one whose likeliest risk class is surest.

    readings: one row of class probabilities per reading (the whole message first, then
    its clauses), `none` in column 0. Shared with the trainer, which replays it out of fold.
    """
    return int(readings[:, 1:].max(axis=1).argmax())


class SafetyModel:
    """Multinomial logistic regression over {none, crisis, eating, minor, ...}; read-only.

    clauses: when given, each clause is read beside the whole message and the riskiest
    reading speaks (a risk said in one clause of a long ordinary question).
    """

    def __init__(
        self,
        classes: tuple[str, ...],
        weights: npt.NDArray[np.float16],
        bias: npt.NDArray[np.float32],
        thresholds: Thresholds,
        clauses: ClauseSplitter | None = None,
        reading: Reading = NGRAMS_ONLY,
    ) -> None:
        if weights.shape != (N_BUCKETS, len(classes)) or classes[0] != NONE:
            raise ValueError(f"safety model weights have shape {weights.shape}, not ours")
        self.classes = classes
        self._weights = weights
        self._bias = bias
        self.thresholds = thresholds
        self._clauses = clauses
        self._reading = reading
        # The engine asks again for the gentle line right after the safety check.
        self._remembered = lru_cache(maxsize=64)(self._riskiest_reading)

    @classmethod
    def load(cls, path: Path) -> SafetyModel:
        """The model stored by scripts/train_safety_model.py; refuses other feature versions."""
        with np.load(path, allow_pickle=False) as data:
            version = int(data["feature_version"])
            extras = int(data["safety_feature_version"]) if "safety_feature_version" in data else 0
            if (version, extras) != (FEATURE_VERSION, SAFETY_FEATURE_VERSION) or int(
                data["n_buckets"]
            ) != N_BUCKETS:
                raise ValueError(f"{path}: built for feature version {version}; retrain it")
            classes = tuple(str(c) for c in data["classes"])
            risks = classes[1:]  # the trainer stores `none` first
            # Stored as float32: rounded back to the hundredths they were chosen on.
            thresholds = Thresholds(
                fire={c: round(t, 4) for c, t in zip(risks, data["fire"].tolist(), strict=True)},
                reroute=round(float(data["reroute"]), 4),
            )
            by_clause = bool(data["clause_review"]) if "clause_review" in data else False
            clauses = ClauseSplitter.load() if by_clause else None
            bias = data["bias"].astype(np.float32)
            reading = _stored_reading(data)
            return cls(classes, data["weights"], bias, thresholds, clauses, reading)

    def probabilities(self, message: str) -> dict[str, float]:
        """The probability of each class for a message: its riskiest reading's."""
        return dict(self._remembered(message))

    def _riskiest_reading(self, message: str) -> tuple[tuple[str, float], ...]:
        readings = [message, *(self._clauses.clauses(message) if self._clauses else ())]
        rows = np.array([list(self._read(text).values()) for text in readings])
        return tuple(zip(self.classes, rows[riskiest(rows)].tolist(), strict=True))

    def _read(self, text: str) -> dict[str, float]:
        ids, values = safety_features(text, self._reading)
        return softmax(ids, values, self._weights, self._bias, self.classes)

    def check(self, message: str) -> ModelHit | None:
        """The most likely risk category when its probability clears that class's threshold."""
        return decide(self.probabilities(message), None, self.thresholds)

    def review(self, message: str, pattern: str | None) -> ModelHit | None:
        """The model's word on a pattern's verdict: kept, re-routed, or its own."""
        return decide(self.probabilities(message), pattern, self.thresholds)


def _stored_reading(data: np.lib.npyio.NpzFile) -> Reading:
    """The Reading the weights were trained with: 0 no concepts, 1 concepts, 2 with pairs."""
    level = int(data["concepts"]) if "concepts" in data else 0
    concepts = ConceptLexicon.load(pairs=level == 2) if level else None
    return Reading(concepts, bool(data["stems"]) if "stems" in data else False)


def decide(
    scores: dict[str, float], pattern: str | None, thresholds: Thresholds
) -> ModelHit | None:
    """The routing of one message from the model's probabilities and the patterns' class.

    Shared with the trainer, which picks the thresholds by replaying this out of fold.
    """
    category, probability = max(
        ((c, p) for c, p in scores.items() if c != NONE), key=lambda cp: cp[1]
    )
    if pattern is None:
        return ModelHit(category, probability) if probability > thresholds.fire[category] else None
    if category != pattern and probability > thresholds.reroute:
        return ModelHit(category, probability)
    return ModelHit(pattern, scores[pattern])
