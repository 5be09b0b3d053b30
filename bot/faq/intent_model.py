"""A small learned entry classifier beside the lexical ranking: which entry is asked about?

The features are the safety model's (one featuriser: bot.faq.safety_model.features), folded
into fewer buckets so that one weight column per entry stays small. The weights are trained
offline by scripts/train_intent_model.py on the entries' wording and the development sets,
and shipped as knowledge/intent_model.npz; nothing is trained or downloaded at start-up.
The safety check and the on-topic gate decide first; this model only picks the entry.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt

import knowledge
from bot.faq.safety_model import FEATURE_VERSION, N_BUCKETS, features, softmax

INTENT_BUCKETS = 1 << 16  # divides N_BUCKETS: folding is a modulo, nothing is rehashed
SHIPPED_INTENT_MODEL = Path(knowledge.__file__).with_name("intent_model.npz")


def intent_features(message: str) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """The safety model's features folded into INTENT_BUCKETS (ids may repeat: they add)."""
    ids, values = features(message)
    return ids % INTENT_BUCKETS, values


class IntentModel:
    """Multinomial logistic regression over the FAQ entries; read-only once loaded."""

    def __init__(
        self,
        entries: tuple[str, ...],
        weights: npt.NDArray[np.float16],
        bias: npt.NDArray[np.float32],
    ) -> None:
        if weights.shape != (INTENT_BUCKETS, len(entries)) or bias.shape != (len(entries),):
            raise ValueError(f"intent model weights have shape {weights.shape}, not ours")
        self.entries = entries
        self._weights = weights
        self._bias = bias

    @classmethod
    def load(cls, path: Path) -> IntentModel:
        """The model stored by scripts/train_intent_model.py; refuses other feature versions."""
        with np.load(path, allow_pickle=False) as data:
            version = int(data["feature_version"])
            buckets = (int(data["n_buckets"]), int(data["source_buckets"]))
            if version != FEATURE_VERSION or buckets != (INTENT_BUCKETS, N_BUCKETS):
                raise ValueError(f"{path}: built for feature version {version}; retrain it")
            return cls(
                tuple(str(e) for e in data["entries"]),
                data["weights"],
                data["bias"].astype(np.float32),
            )

    def probabilities(self, message: str) -> dict[str, float]:
        """The probability of each entry for a message."""
        ids, values = intent_features(message)
        return softmax(ids, values, self._weights, self._bias, self.entries)

    def best(self, message: str) -> tuple[str, float]:
        """The most likely entry id and its probability."""
        scores = self.probabilities(message)
        entry = max(scores, key=scores.__getitem__)
        return entry, scores[entry]
