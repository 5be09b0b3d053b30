"""Lexical index for FAQ matching: BM25 over entries plus nearest stored phrasing, pure Python."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.faq_text import SOFT_WORDS, TypoFolder, bigrams, clean, stem, surface_words

SOFT_WEIGHT = 1.0  # ceiling on the weight of an everyday word when judging coverage
MIN_TELLING_IDF = 0.3  # below this a term is in nearly every entry
_SOFT_STEMS = frozenset(stem(w) for w in SOFT_WORDS)


@dataclass(frozen=True, slots=True)
class IndexedText:
    """The matchable wording of one entry: its title, example phrasings and keywords."""

    title: str
    phrasings: tuple[str, ...]
    keywords: tuple[str, ...]
    body: str = ""  # the answer: its words are real words, never typos (not indexed)


@dataclass(frozen=True, slots=True)
class Query:
    """A question reduced to stems; `unknown` counts words the index has never seen."""

    terms: tuple[str, ...]
    pairs: tuple[str, ...]
    unknown: int  # words never seen in the knowledge base (everyday words excluded)


@dataclass(frozen=True, slots=True)
class Match:
    """One candidate entry for a query, with the evidence used to accept or reject it."""

    doc: int
    rank: float  # ordering score (not comparable across queries)
    coverage: float  # 0..1 share of the question's information the entry's wording contains
    similarity: float  # 0..1 cosine with the closest single title/phrasing/keyword
    matched: tuple[str, ...]  # question stems found in the entry


class LexicalIndex:
    """Scores questions against entries; built once, then read-only."""

    def __init__(
        self,
        docs: Sequence[IndexedText],
        *,
        k1: float = 1.2,
        b: float = 0.5,
        bm25_weight: float = 1.0,
    ) -> None:
        self._k1, self._b = k1, b
        self._bm25_weight = bm25_weight
        surfaces: set[str] = set()
        counts_per_doc: list[Counter[str]] = []
        units: list[tuple[int, list[str]]] = []  # (doc, terms) per title/phrasing/keyword
        self._strong: list[frozenset[str]] = []
        for i, doc in enumerate(docs):
            counts: Counter[str] = Counter()
            strong: set[str] = set()
            texts = [
                (doc.title, 2),
                *((p, 1) for p in doc.phrasings),
                *((k, 0) for k in doc.keywords),
            ]
            for text, kind in texts:
                words = surface_words(text)
                surfaces.update(words)
                stems = [stem(w) for w in words]
                terms = stems + bigrams(stems)
                # The title counts twice in BM25: it is the canonical wording of the question.
                counts.update(terms * 2 if kind == 2 else terms)
                units.append((i, terms))
                if kind != 1:  # title and keywords say what the entry is centrally about
                    strong.update(stems)
            counts_per_doc.append(counts)
            self._strong.append(frozenset(strong))
        self._size = len(counts_per_doc)
        self._stems = frozenset(t for c in counts_per_doc for t in c if "_" not in t)
        self._doc_terms = [frozenset(c) for c in counts_per_doc]
        # Words the answers use are genuine words ("fuller", "chest"), so they are never
        # "corrected" into a similar indexed word ("filler", "crest").
        prose = frozenset(stem(w) for doc in docs for w in clean(doc.body).split())
        self._folder = TypoFolder(surfaces, protected=prose)
        df: Counter[str] = Counter()
        for counts in counts_per_doc:
            df.update(counts.keys())
        n = max(self._size, 1)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        for term in self.idf:
            # Everyday words ("worth", "give") are rare in a small corpus but say little.
            if any(part in _SOFT_STEMS or part.isdigit() for part in term.split("_")):
                self.idf[term] = min(self.idf[term], SOFT_WEIGHT)
        # An unseen word weighs as much as the rarest known word: enough to sink a
        # question about something else, without drowning a long on-topic question.
        self._idf_unknown = max((v for k, v in self.idf.items() if "_" not in k), default=1.0)
        self._build_bm25(counts_per_doc)
        self._build_units(units)

    def _build_bm25(self, counts_per_doc: list[Counter[str]]) -> None:
        lengths = [sum(c.values()) for c in counts_per_doc]
        avg = sum(lengths) / max(len(lengths), 1)
        # term -> [(doc, saturated tf weight * idf)], precomputed so a query is a few lookups.
        self._postings: dict[str, list[tuple[int, float]]] = {}
        for i, counts in enumerate(counts_per_doc):
            norm = self._k1 * (1 - self._b + self._b * lengths[i] / avg)
            for term, tf in counts.items():
                weight = self.idf[term] * tf * (self._k1 + 1) / (tf + norm)
                self._postings.setdefault(term, []).append((i, weight))

    def _build_units(self, units: list[tuple[int, list[str]]]) -> None:
        self._unit_doc: list[int] = []
        self._unit_norm: list[float] = []
        self._unit_postings: dict[str, list[int]] = {}
        for doc, terms in units:
            vec = {t: self.idf[t] for t in terms}
            u = len(self._unit_doc)
            self._unit_doc.append(doc)
            self._unit_norm.append(math.sqrt(sum(w * w for w in vec.values())))
            for t in vec:
                self._unit_postings.setdefault(t, []).append(u)

    # ----------------------------------------------------------------- query
    def parse(self, question: str) -> Query:
        """Normalise, fold typos against the vocabulary and stem a question."""
        stems: list[str] = []
        unknown = 0
        for word in surface_words(question):
            s = stem(word)
            if s in self._stems:
                stems.append(s)
                continue
            folded = None if s in _SOFT_STEMS else self._folder.fold(word)
            if folded is None:
                stems.append(s)
                if not s.isdigit() and s not in _SOFT_STEMS:
                    unknown += 1
            else:
                stems.extend(stem(part) for part in folded.split())
        return Query(tuple(dict.fromkeys(stems)), tuple(dict.fromkeys(bigrams(stems))), unknown)

    def _query_weights(self, query: Query, *, phrases: bool) -> dict[str, float]:
        weights: dict[str, float] = {}
        for term in query.terms:
            if term.isdigit() and term not in self.idf:
                continue  # "3x a week", "5 months": a bare number is not a topic
            unseen = SOFT_WEIGHT if term in _SOFT_STEMS else self._idf_unknown
            weights[term] = self.idf.get(term, unseen)
        if phrases:
            # Known two-word phrases ("abduction machine") sharpen ranking; unknown pairs
            # carry no information and are left out rather than penalised.
            weights.update({p: self.idf[p] for p in query.pairs if p in self.idf})
        return weights

    def rank(self, query: Query) -> list[Match]:
        """Candidate entries, best first, blending coverage, phrasing similarity and BM25."""
        weights = self._query_weights(query, phrases=True)
        words = {t: w for t, w in weights.items() if "_" not in t}
        # Terms that nearly every entry shares ("hip", "dip") cannot tell entries apart;
        # skipping them in the postings walk keeps a query well under a millisecond.
        telling = [t for t in weights if self.idf.get(t, 0.0) >= MIN_TELLING_IDF]
        bm25: dict[int, float] = {}
        dots: dict[int, float] = {}
        for term in telling:
            for doc, weight in self._postings.get(term, ()):
                bm25[doc] = bm25.get(doc, 0.0) + weight
            contribution = weights[term] * self.idf[term]
            for unit in self._unit_postings.get(term, ()):
                dots[unit] = dots.get(unit, 0.0) + contribution
        if not bm25:
            return []
        top = max(bm25.values())
        qnorm = math.sqrt(sum(w * w for w in weights.values()))
        similarity: dict[int, float] = {}
        for unit, dot in dots.items():
            doc = self._unit_doc[unit]
            sim = dot / (qnorm * self._unit_norm[unit])
            if sim > similarity.get(doc, 0.0):
                similarity[doc] = sim
        total, total_words = sum(weights.values()), sum(words.values())
        matches = []
        for doc, score in bm25.items():
            terms = self._doc_terms[doc]
            covered = sum(w for t, w in weights.items() if t in terms) / total
            sim = similarity.get(doc, 0.0)
            coverage = sum(w for t, w in words.items() if t in terms) / total_words
            matched = tuple(t for t in query.terms if t in terms)
            rank = covered + sim + self._bm25_weight * score / top
            matches.append(Match(doc, rank, coverage, sim, matched))
        matches.sort(key=lambda m: m.rank, reverse=True)
        return matches

    def is_soft(self, term: str) -> bool:
        """True for everyday words that say little about the topic."""
        return term in _SOFT_STEMS

    def is_strong(self, doc: int, term: str) -> bool:
        """True when `term` is in the entry's title or keywords, i.e. central to it."""
        return term in self._strong[doc]
