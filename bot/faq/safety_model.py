"""A small learned safety classifier beside the patterns: hashed n-grams, linear weights.

The weights are trained offline by scripts/train_safety_model.py on knowledge/
safety_training.yaml and shipped as knowledge/safety_model.npz; nothing is trained or
downloaded at start-up. The patterns speak first; the model adds recall where they are
silent, and may re-route them to another category when it is very sure; every threshold is chosen
out of fold on the development data (docs/safety_model.md).
"""

from __future__ import annotations

import itertools
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

import knowledge
from bot.faq.clauses import ClauseSplitter
from bot.faq.safety_concepts import ConceptLexicon
from bot.faq.text import LANGUAGES, clean, has_cyrillic, stem

FEATURE_VERSION = 1  # bump when features() changes: the shipped weights must be rebuilt
# Bump when safety_features() adds something else: only the safety weights are rebuilt.
# 2: a figure beside a unit of time is a span, not an age; 3: concepts and stems (Reading)
SAFETY_FEATURE_VERSION = 3
N_BUCKETS = 1 << 18
CONCEPT_BUCKETS = 1 << 12  # the concept-only model's: ~50 concepts and their pairs
CHAR_NGRAMS = (2, 3, 4, 5)
NONE = "none"
# Below every fire threshold, a probability this high of one of these classes adds a gentle
# line (one open-door sentence with helplines) under an ordinary answer. Chosen on fresh
# development writers: docs/safety_model.md, "A gentle line".
GENTLE = {"crisis": 0.3, "eating": 0.5}
SHIPPED_MODEL = Path(knowledge.__file__).with_name("safety_model.npz")


_FIGURE = re.compile(r"^\d{1,6}$")
# What a figure says regardless of its digits: a child's age, a starvation intake, a
# normal calorie target. Read alone, "600" and "800" are unrelated n-grams.
_SHAPES = ((8, "#few"), (18, "#teen"), (100, "#tens"), (1200, "#low"), (4000, "#kcal"))


# "in der 16. woche", "week 16", "3 meses": a figure beside one of these is a span of time,
# whatever its size, never an age (years are left out: "16 years" is one).
_TIME_UNITS = re.compile(
    r"^(?:days?|weeks?|wks?|months?|mos?|dias?|semanas?|mes|meses|jours?|semaines?|mois"
    r"|tage?n?|wochen?|ssw|monate?n?|дн\w*|день|недел\w*|нед|месяц\w*)$"
)


def _figure_shape(amount: int) -> str:
    return next((shape for limit, shape in _SHAPES if amount < limit), "#big")


def _beside_time_unit(words: list[str], i: int) -> bool:
    before, after = words[i - 1] if i else "", words[i + 1] if i + 1 < len(words) else ""
    return bool(_TIME_UNITS.match(after) or _TIME_UNITS.match(before))


def _shaped_words(words: list[str]) -> list[str]:
    """The words with each figure replaced by its shape ("1 100" and "1 k" read as one)."""
    shaped: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if not _FIGURE.match(word):
            shaped.append(word)
            i += 1
            continue
        amount, following = int(word), words[i + 1] if i + 1 < len(words) else ""
        if following == "k":
            amount, i = amount * 1000, i + 1
        elif len(word) == 1 and len(following) == 3 and following.isdecimal():
            amount, i = amount * 1000 + int(following), i + 1
        shaped.append("#span" if _beside_time_unit(words, i) else _figure_shape(amount))
        i += 1
    return shaped


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


@dataclass(frozen=True, slots=True)
class Reading:
    """What the safety model reads beyond the shared n-grams and the figures' shapes.

    concepts: one shared feature per meaning said, in any language (bot/faq/safety_concepts);
    stems: each word's Snowball stems (the language is unknown: every stemmer that fits).
    """

    concepts: ConceptLexicon | None = None
    stems: bool = False


_LATIN_LANGUAGES = tuple(lang for lang in LANGUAGES if lang != "ru")


def _stem_tokens(words: list[str]) -> set[str]:
    tokens: set[str] = set()
    for word in words:
        languages = ("ru",) if has_cyrillic(word) else _LATIN_LANGUAGES
        tokens.update(f"s:{stem(word, lang)}" for lang in languages)
    return tokens


def safety_features(
    message: str, reading: Reading = Reading()
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """The shared features plus figures read by shape, and what `reading` adds.

    "im 15 and want fillers" and "im 16 and want lipo" then share "im #teen"; "eating 600
    cals" and "eating 850 cals" share "eating #low" and "#low cals".
    """
    words = clean(message).split()
    shaped = _shaped_words(words)
    tokens = {f"n:{w}" for w in shaped if w.startswith("#")}
    tokens.update(f"nb:{a} {b}" for a, b in itertools.pairwise(shaped) if "#" in (a[:1] + b[:1]))
    if reading.concepts is not None:
        tokens |= reading.concepts.tokens(message)
    if reading.stems:
        tokens |= _stem_tokens(words)
    if not tokens:
        return features(message)
    ids, values = features(message)
    extra = {zlib.crc32(t.encode("utf-8")) % N_BUCKETS for t in tokens}
    merged = dict(zip(ids.tolist(), values.tolist(), strict=True))
    weight = float(values.max()) if len(values) else 1.0
    for bucket in extra:
        merged[bucket] = merged.get(bucket, 0.0) + weight
    order = sorted(merged)
    out = np.array([merged[i] for i in order], dtype=np.float32)
    norm = float(np.linalg.norm(out))
    return np.array(order, dtype=np.int64), out / norm if norm else out


def concept_features(
    message: str, concepts: ConceptLexicon
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """The concepts a message says (and their pairs), hashed, for the concept-only model."""
    buckets = sorted(
        {zlib.crc32(t.encode("utf-8")) % CONCEPT_BUCKETS for t in concepts.tokens(message)}
    )
    values = np.full(len(buckets), 1 / np.sqrt(len(buckets)) if buckets else 0, np.float32)
    return np.array(buckets, dtype=np.int64), values


def crisis_only(row: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """The concept-only model's reading as it joins the others: its crisis score alone.

    Meanings alone are surest about crisis (a plan, a date, means, a farewell); its other
    classes are left to the n-gram model. `none` in column 0, crisis in column 1.
    """
    out = np.zeros_like(row)
    out[0], out[1] = 1 - row[1], row[1]
    return out


def softmax(
    ids: npt.NDArray[np.int64],
    values: npt.NDArray[np.float32],
    weights: npt.NDArray[np.float16],
    bias: npt.NDArray[np.float32],
    labels: tuple[str, ...],
) -> dict[str, float]:
    """Each label's probability under a linear model of sparse features (this model's and the
    entry classifier's)."""
    # Half-precision weights halve the memory; each message's rows are widened to sum.
    logits = values @ weights[ids].astype(np.float32) + bias
    exp = np.exp(logits - logits.max())
    return dict(zip(labels, (exp / exp.sum()).tolist(), strict=True))


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
        reading: Reading = Reading(),
        by_concepts: tuple[npt.NDArray[np.float16], npt.NDArray[np.float32]] | None = None,
    ) -> None:
        if weights.shape != (N_BUCKETS, len(classes)) or classes[0] != NONE:
            raise ValueError(f"safety model weights have shape {weights.shape}, not ours")
        self.classes = classes
        self._weights = weights
        self._bias = bias
        self.thresholds = thresholds
        self._clauses = clauses
        self._reading = reading
        self._by_concepts = by_concepts if reading.concepts is not None else None
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
            by_concepts = None
            if "concept_weights" in data:
                by_concepts = (data["concept_weights"], data["concept_bias"].astype(np.float32))
            reading = _stored_reading(data)
            return cls(classes, data["weights"], bias, thresholds, clauses, reading, by_concepts)

    def probabilities(self, message: str) -> dict[str, float]:
        """The probability of each class for a message: its riskiest reading's."""
        return dict(self._remembered(message))

    def _riskiest_reading(self, message: str) -> tuple[tuple[str, float], ...]:
        readings = [message, *(self._clauses.clauses(message) if self._clauses else ())]
        rows = np.array([list(self._read(text).values()) for text in readings])
        if self._by_concepts is not None and self._reading.concepts is not None:
            ids, values = concept_features(message, self._reading.concepts)
            read = softmax(ids, values, *self._by_concepts, self.classes)
            rows = np.vstack([rows, crisis_only(np.array(list(read.values())))])
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
