"""A small learned entry classifier beside the lexical ranking: which entry is asked about?

The features are the safety model's (one featuriser: bot.faq.safety_model.features), folded
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
from bot.faq.concepts import ConceptReader
from bot.faq.safety_model import FEATURE_VERSION, N_BUCKETS, features, softmax
from bot.faq.text import words
from knowledge.intent_concepts import load_concepts

INTENT_BUCKETS = 1 << 16  # divides N_BUCKETS: folding is a modulo, nothing is rehashed
SHIPPED_INTENT_MODEL = Path(knowledge.__file__).with_name("intent_model.npz")
# The label of the development sets' out-of-scope questions: one more class beside the
# entries, so the model can say "none of ours" as well as which entry.
OUT_OF_SCOPE = "fallback"


def intent_features(
    message: str,
    terms: Iterable[str] = (),
    term_weight: float = 0.0,
    concepts: Iterable[str] = (),
    concept_weight: float = 0.0,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """The safety model's features folded into INTENT_BUCKETS (ids may repeat: they add),
    plus the lexical index's terms of the question (stems after synonyms and typo folding:
    "booty" and "bum" are "glute" there), which carry across writers' wording, and the
    language-neutral concepts its words name, which carry across languages."""
    ids, values = features(message)
    parts = [(ids % INTENT_BUCKETS, values)]
    parts.append(token_features("t", terms, term_weight))
    parts.append(token_features("c", concepts, concept_weight))
    return np.concatenate([i for i, _ in parts]), np.concatenate([v for _, v in parts])


def token_features(
    prefix: str, tokens: Iterable[str], weight: float
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """Hashed tokens of one kind ("t" terms, "c" concepts) sharing `weight` between them."""
    unique = sorted(set(tokens)) if weight > 0 else []
    ids = np.array([zlib.crc32(f"{prefix}:{t}".encode()) % INTENT_BUCKETS for t in unique])
    share = weight / np.sqrt(len(unique)) if unique else 0.0
    return ids.astype(np.int64), np.full(len(unique), share, np.float32)


class IntentFeaturiser:
    """A question's features as the model was trained on them (n-grams, terms, concepts).

    Concepts are read in questions of other languages only: English questions are many in
    training, and their own words say more; what they teach about each concept reaches the
    other languages through rows of concepts alone (scripts/train_intent_model.py)."""

    def __init__(self, term_weight: float = 0.0, concept_weight: float = 0.0) -> None:
        self.term_weight = term_weight
        self.concept_weight = concept_weight
        self._concepts = ConceptReader(load_concepts()) if concept_weight > 0 else None

    def concepts(self, message: str, language: str) -> tuple[str, ...]:
        """The concepts a message's words name (none when concepts are off)."""
        return () if self._concepts is None else self._concepts.read(words(message), language)

    def __call__(
        self, message: str, terms: Iterable[str] = (), language: str = "en"
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        """The features of one question, read in `language` ("en", "es"...)."""
        concepts = self.concepts(message, language) if language != "en" else ()
        return intent_features(message, terms, self.term_weight, concepts, self.concept_weight)


class IntentModel:
    """Multinomial logistic regression over the FAQ entries; read-only once loaded."""

    def __init__(
        self,
        entries: tuple[str, ...],
        weights: npt.NDArray[np.float16],
        bias: npt.NDArray[np.float32],
        term_weight: float = 0.0,
        concept_weight: float = 0.0,
    ) -> None:
        if weights.shape != (INTENT_BUCKETS, len(entries)) or bias.shape != (len(entries),):
            raise ValueError(f"intent model weights have shape {weights.shape}, not ours")
        self.entries = entries
        self._weights = weights
        self._bias = bias
        self.featurise = IntentFeaturiser(term_weight, concept_weight)

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
                float(data["concept_weight"]) if "concept_weight" in data else 0.0,
            )

    def probabilities(
        self, message: str, terms: Iterable[str] = (), language: str = "en"
    ) -> dict[str, float]:
        """The probability of each label for a message, its lexical terms and language."""
        ids, values = self.featurise(message, terms, language)
        return softmax(ids, values, self._weights, self._bias, self.entries)

    def best(
        self, message: str, terms: Iterable[str] = (), language: str = "en"
    ) -> tuple[str, float]:
        """The most likely label (an entry id or OUT_OF_SCOPE) and its probability."""
        scores = self.probabilities(message, terms, language)
        label = max(scores, key=scores.__getitem__)
        return label, scores[label]

    def best_entry(
        self, message: str, terms: Iterable[str] = (), language: str = "en"
    ) -> tuple[str, float]:
        """The most likely entry id (never OUT_OF_SCOPE) and its probability."""
        entry, probability, _ = self.entry_and_elsewhere(message, terms, language)
        return entry, probability

    def entry_and_elsewhere(
        self, message: str, terms: Iterable[str] = (), language: str = "en"
    ) -> tuple[str, float, float]:
        """The most likely entry id, its probability, and the probability of OUT_OF_SCOPE."""
        scores = self.probabilities(message, terms, language)
        elsewhere = scores.pop(OUT_OF_SCOPE, 0.0)
        entry = max(scores, key=scores.__getitem__)
        return entry, scores[entry], elsewhere
