"""A small learned safety classifier beside the patterns: hashed n-grams, linear weights.

The weights are trained offline by scripts/train_safety_model.py on knowledge/
safety_training.yaml and shipped as knowledge/safety_model.npz; nothing is trained or
downloaded at start-up. The patterns decide first; this model only adds recall for
messages they miss, and fires only above a threshold chosen by cross-validation.
"""

from __future__ import annotations

import itertools
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

import knowledge
from bot.faq.text import clean

FEATURE_VERSION = 1  # bump when features() changes: the shipped weights must be rebuilt
N_BUCKETS = 1 << 18
CHAR_NGRAMS = (2, 3, 4, 5)
NONE = "none"
SHIPPED_MODEL = Path(knowledge.__file__).with_name("safety_model.npz")


@dataclass(frozen=True, slots=True)
class ModelHit:
    """A risk category the model is confident about, and its probability."""

    category: str
    probability: float


def features(message: str) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """Hashed bucket ids and L2-normalised weights of a message's n-grams.

    Character n-grams over the folded text read through typos, slang and six languages;
    word unigrams and bigrams keep whole words apart from the letters inside them.
    """
    text = clean(message)
    tokens: set[str] = set()
    padded = f" {text} "
    for n in CHAR_NGRAMS:
        tokens.update(padded[i : i + n] for i in range(len(padded) - n + 1))
    words = text.split()
    tokens.update(f"w:{w}" for w in words)
    tokens.update(f"b:{a} {b}" for a, b in itertools.pairwise(words))
    # crc32 is stable across runs and machines, unlike hash(): the weights depend on it.
    counts: dict[int, int] = {}
    for token in tokens:
        bucket = zlib.crc32(token.encode("utf-8")) % N_BUCKETS
        counts[bucket] = counts.get(bucket, 0) + 1
    # Sorted: a set's order changes with each process's string hashing, and the order of
    # the sums in training with it; sorted ids make training repeat exactly.
    order = sorted(counts)
    ids = np.array(order, dtype=np.int64)
    values = np.array([counts[i] for i in order], dtype=np.float32)
    norm = float(np.linalg.norm(values))
    return ids, values / norm if norm else values


class SafetyModel:
    """Multinomial logistic regression over {none, crisis, eating, minor, ...}; read-only."""

    def __init__(
        self,
        classes: tuple[str, ...],
        weights: npt.NDArray[np.float16],
        bias: npt.NDArray[np.float32],
        threshold: float,
    ) -> None:
        if weights.shape != (N_BUCKETS, len(classes)) or NONE not in classes:
            raise ValueError(f"safety model weights have shape {weights.shape}, not ours")
        self.classes = classes
        self._weights = weights
        self._bias = bias
        self.threshold = threshold

    @classmethod
    def load(cls, path: Path) -> SafetyModel:
        """The model stored by scripts/train_safety_model.py; refuses other feature versions."""
        with np.load(path, allow_pickle=False) as data:
            version = int(data["feature_version"])
            if version != FEATURE_VERSION or int(data["n_buckets"]) != N_BUCKETS:
                raise ValueError(f"{path}: built for feature version {version}; retrain it")
            return cls(
                tuple(str(c) for c in data["classes"]),
                data["weights"],
                data["bias"].astype(np.float32),
                float(data["threshold"]),
            )

    def probabilities(self, message: str) -> dict[str, float]:
        """The probability of each class for a message."""
        ids, values = features(message)
        # Half-precision weights halve the memory; each message's rows are widened to sum.
        logits = values @ self._weights[ids].astype(np.float32) + self._bias
        exp = np.exp(logits - logits.max())
        return dict(zip(self.classes, (exp / exp.sum()).tolist(), strict=True))

    def check(self, message: str) -> ModelHit | None:
        """The most likely risk category when its probability clears the threshold."""
        scores = self.probabilities(message)
        category, probability = max(
            ((c, p) for c, p in scores.items() if c != NONE), key=lambda cp: cp[1]
        )
        return ModelHit(category, probability) if probability > self.threshold else None
