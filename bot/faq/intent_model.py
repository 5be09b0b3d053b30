"""A small learned entry classifier beside the lexical ranking: which entry is asked about?

The features are the safety model's (one featuriser: bot.faq.safety_features.features), folded
into fewer buckets so that one weight column per entry stays small. The weights are trained
offline by scripts/train_intent_model.py on the entries' wording and the development sets,
and shipped as knowledge/intent_model.npz; nothing is trained or downloaded at start-up.
The safety check and the on-topic gate decide first; this model only picks the entry.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import numpy.typing as npt

import knowledge
from bot.faq.safety_features import FEATURE_VERSION, N_BUCKETS, features, softmax

INTENT_BUCKETS = 1 << 16  # divides N_BUCKETS: folding is a modulo, nothing is rehashed
SHIPPED_INTENT_MODEL = Path(knowledge.__file__).with_name("intent_model.npz")
# The label of the development sets' out-of-scope questions: one more class beside the
# entries, so the model can say "none of ours" as well as which entry.
OUT_OF_SCOPE = "fallback"


def intent_features(
    message: str, terms: Iterable[str] = (), term_weight: float = 0.0
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """The safety model's features folded into INTENT_BUCKETS (ids may repeat: they add),
    plus the lexical index's terms of the question (stems after synonyms and typo folding:
    "booty" and "bum" are "glute" there), which carry across writers' wording."""
    ids, values = features(message)
    ids = ids % INTENT_BUCKETS
    unique = sorted(set(terms))
    if not unique or term_weight <= 0:
        return ids, values
    term_ids = [zlib.crc32(f"t:{t}".encode()) % INTENT_BUCKETS for t in unique]
    term_values = np.full(len(term_ids), term_weight / np.sqrt(len(term_ids)), np.float32)
    return np.concatenate([ids, np.array(term_ids, np.int64)]), np.concatenate(
        [values, term_values]
    )


class IntentModel:
    """Multinomial logistic regression over the FAQ entries; read-only once loaded."""

    def __init__(
        self,
        entries: tuple[str, ...],
        weights: npt.NDArray[np.float16],
        bias: npt.NDArray[np.float32],
        term_weight: float = 0.0,
    ) -> None:
        if weights.shape != (INTENT_BUCKETS, len(entries)) or bias.shape != (len(entries),):
            raise ValueError(f"intent model weights have shape {weights.shape}, not ours")
        self.entries = entries
        self._weights = weights
        self._bias = bias
        self.term_weight = term_weight

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
                float(data["term_weight"]) if "term_weight" in data else 0.0,
            )

    def probabilities(self, message: str, terms: Iterable[str] = ()) -> dict[str, float]:
        """The probability of each label for a message and its lexical terms."""
        ids, values = intent_features(message, terms, self.term_weight)
        return softmax(ids, values, self._weights, self._bias, self.entries)

    def best(self, message: str, terms: Iterable[str] = ()) -> tuple[str, float]:
        """The most likely label (an entry id or OUT_OF_SCOPE) and its probability."""
        scores = self.probabilities(message, terms)
        label = max(scores, key=scores.__getitem__)
        return label, scores[label]

    def best_entry(self, message: str, terms: Iterable[str] = ()) -> tuple[str, float]:
        """The most likely entry id (never OUT_OF_SCOPE) and its probability."""
        entry, probability, _ = self.entry_and_elsewhere(message, terms)
        return entry, probability

    def entry_and_elsewhere(
        self, message: str, terms: Iterable[str] = ()
    ) -> tuple[str, float, float]:
        """The most likely entry id, its probability, and the probability of OUT_OF_SCOPE."""
        scores = self.probabilities(message, terms)
        elsewhere = scores.pop(OUT_OF_SCOPE, 0.0)
        entry = max(scores, key=scores.__getitem__)
        return entry, scores[entry], elsewhere
