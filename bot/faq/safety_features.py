"""What the safety model reads in a message: hashed n-grams, figures by their shape, and
concepts by meaning shared across languages (docs/safety_model.md, "What it is").

`features()` is shared with the entry classifier (bot.faq.intent_model); `safety_features()`
adds what only the safety model reads. A change to either needs a retrain: the versions are
stored with the weights.
"""

from __future__ import annotations

import itertools
import re
import zlib
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bot.faq.safety_concepts import ConceptLexicon
from bot.faq.text import LANGUAGES, clean, has_cyrillic, stem

FEATURE_VERSION = 1  # bump when features() changes: the shipped weights must be rebuilt
# Bump when safety_features() adds something else: only the safety weights are rebuilt.
# 2: a figure beside a unit of time is a span, not an age; 3: concepts and stems (Reading)
SAFETY_FEATURE_VERSION = 3
N_BUCKETS = 1 << 18
CHAR_NGRAMS = (2, 3, 4, 5)


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


NGRAMS_ONLY = Reading()  # the n-grams and the figures' shapes, nothing more

_LATIN_LANGUAGES = tuple(lang for lang in LANGUAGES if lang != "ru")


def _stem_tokens(words: list[str]) -> set[str]:
    tokens: set[str] = set()
    for word in words:
        languages = ("ru",) if has_cyrillic(word) else _LATIN_LANGUAGES
        tokens.update(f"s:{stem(word, lang)}" for lang in languages)
    return tokens


def safety_features(
    message: str, reading: Reading = NGRAMS_ONLY
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
