"""Matching a question to an entry: stems per language, weighted overlap with each phrasing."""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from bot.faq.text import stem, words
from bot.faq.typos import MIN_TYPO_LENGTH, TypoFolder, chat_plural
from bot.faq.vocabulary import NEGATED, Vocabulary

# An entry's score: the cosine with its closest unit (neighbouring-word pairs counted at
# PAIR_WEIGHT), + NAME_BONUS if the question names its exercise, + COVERAGE_WEIGHT x the share
# of the question the entry's wording covers, + PREVALENCE_WEIGHT x how typical the
# question's words are of the entry, - MISSING_WEIGHT when the question lacks a word most of
# the entry's phrasings use (DEFINING_SHARE of them, and no commoner than DEFINING_IDF).
# Set on the development sets (dev, dev2, dev3, dev_multilingual); the optimum is flat around them.
NAME_BONUS = 0.3
COVERAGE_WEIGHT = 0.5
PREVALENCE_WEIGHT = 1.0
PAIR_WEIGHT = 0.8
MISSING_WEIGHT = 0.3
DEFINING_SHARE = 0.8
DEFINING_IDF = 1.0
PROFILED = 12
NEGLIGIBLE_IDF = 0.1
MIN_COMPOUND_PART = 3  # "sidelunge" is "side lunge"; two-letter halves split anything
PAIR = "_"  # joins the stems of two neighbouring words: "side_lung", "how_long"
MAX_TITLES_PER_NAME_WORD = 2


@dataclass(frozen=True, slots=True)
class Unit:
    """One way of asking an entry's question (title, phrasing or keyword), in one language."""

    entry: int
    text: str
    language: str
    weight: float = 1.0
    is_title: bool = False


@dataclass(frozen=True, slots=True)
class Query:
    """A question as stems: one set of candidate stems per meaningful word."""

    slots: tuple[frozenset[str], ...]
    unknown: int  # words that no entry uses in any language
    pairs: tuple[frozenset[str], ...] = ()  # neighbouring words, as "stem_stem" terms
    language: str = "en"


@dataclass(frozen=True, slots=True)
class Match:
    """An entry's evidence for a query."""

    entry: int
    score: float  # best weighted similarity with one of its units, 0..1
    coverage: float  # share of the question's known words' information the entry holds, 0..1
    total: float = 0.0  # the whole-entry score the leaders are ordered by (0 for the rest)


class LexicalIndex:
    """Scores questions against every entry's units; built once, then read-only."""

    def __init__(self, units: Sequence[Unit], vocabulary: Vocabulary) -> None:
        self._vocabulary = vocabulary
        self._units = tuple(units)
        unit_terms: list[frozenset[str]] = []
        per_entry: dict[int, set[str]] = defaultdict(set)
        surfaces: dict[str, set[str]] = defaultdict(set)
        for unit in self._units:
            slots = [slot for _, slot in vocabulary.terms(unit.text, (unit.language,))]
            terms = frozenset(t for slot in (*slots, *_pairs(slots)) for t in slot)
            unit_terms.append(terms)
            per_entry[unit.entry].update(terms)
            function = vocabulary.function[unit.language]
            surfaces[unit.language].update(
                w
                for w in words(unit.text)
                if len(w) >= MIN_TYPO_LENGTH and not w.isdigit() and w not in function
            )
        entries = len(per_entry) or 1
        df: Counter[str] = Counter(t for terms in per_entry.values() for t in terms)
        self.idf = {t: math.log(1 + (entries - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        self._entry_terms = {e: frozenset(ts) for e, ts in per_entry.items()}
        self._profiles = _Profiles(self._units, unit_terms, self.idf)
        self._postings: dict[str, list[int]] = defaultdict(list)
        self._norms: list[float] = []
        for u, terms in enumerate(unit_terms):
            for term in terms:
                self._postings[term].append(u)
            self._norms.append(math.sqrt(sum(self.idf[t] ** 2 for t in terms)) or 1.0)
        # A typo is folded into a word of the question's language or English, never into
        # a French word for an English question ("exersizes" is not "exercices").
        self._folders = {
            lang: TypoFolder(words_ | surfaces["en"]) for lang, words_ in surfaces.items()
        }
        self._names = self._entry_names(vocabulary)

    def _entry_names(self, vocabulary: Vocabulary) -> dict[int, frozenset[str]]:
        # An entry's name is what its title says that few other titles say ("side lunges",
        # "clamshells"): words such as "help" or "hip dips" are in many titles.
        titles = {
            unit.entry: {t for _, slot in vocabulary.terms(unit.text, ("en",)) for t in slot}
            for unit in self._units
            if unit.is_title
        }
        title_df = Counter(t for terms in titles.values() for t in terms)
        return {
            entry: frozenset(t for t in terms if title_df[t] <= MAX_TITLES_PER_NAME_WORD)
            for entry, terms in titles.items()
        }

    def parse(self, question: str, language: str) -> Query:
        """The question's words as candidate stems in English and its own language."""
        languages = ("en",) if language == "en" else (language, "en")
        slots: list[frozenset[str]] = []
        unknown = 0
        for word, slot in self._vocabulary.terms(question, languages):
            if not any(t in self.idf for t in slot):
                folder = self._folders.get(language) or self._folders["en"]
                folded = folder.fold(word) or chat_plural(word)
                prefix = NEGATED if next(iter(slot)).startswith(NEGATED) else ""
                if folded is not None:
                    slot = frozenset(prefix + stem(folded, lang) for lang in languages)
                elif parts := self._split(word, languages):
                    # "sidelunge", "bandwalk", "stepups": two of our words typed as one.
                    slots.extend(frozenset(prefix + t for t in part) for part in parts[:-1])
                    slot = frozenset(prefix + t for t in parts[-1])
                unknown += not any(t in self.idf for t in slot)
            slots.append(slot)
        return Query(
            tuple(dict.fromkeys(slots)), unknown, tuple(dict.fromkeys(_pairs(slots))), language
        )

    def _split(self, word: str, languages: Sequence[str]) -> list[frozenset[str]]:
        """Two known words run together, as candidate stems, split where both halves are
        longest; [] when no split makes two words our entries use."""
        splits = [
            (min(i, len(word) - i), word[:i], word[i:])
            for i in range(MIN_COMPOUND_PART, len(word) - MIN_COMPOUND_PART + 1)
        ]
        for _, head, tail in sorted(splits, reverse=True):
            parts = [frozenset(stem(w, lang) for lang in languages) for w in (head, tail)]
            if all(self.knows(part) for part in parts):
                return parts
        return []

    def rank(self, query: Query) -> list[Match]:
        """Entries sharing words with the query, best first."""
        known = [(slot, self._slot_weight(slot)) for slot in query.slots if self.knows(slot)]
        pairs = [
            (slot, PAIR_WEIGHT * self._slot_weight(slot))
            for slot in query.pairs
            if self.knows(slot)
        ]
        total = math.sqrt(sum(w * w for _, w in known + pairs)) or 1.0
        information = sum(w for _, w in known) or 1.0
        dots: dict[int, float] = defaultdict(float)
        covered: dict[int, float] = defaultdict(float)
        for slot, weight in pairs:
            self._accumulate(slot, weight, dots)
        for slot, weight in known:
            if weight < NEGLIGIBLE_IDF:
                continue  # "hip", "dip": in every entry, they tell none apart (and cost most)
            for entry in {self._units[u].entry for u in self._accumulate(slot, weight, dots)}:
                covered[entry] += weight
        best: dict[int, float] = {}
        for u, dot in dots.items():
            unit = self._units[u]
            score = unit.weight * dot / (total * self._norms[u])
            if score > best.get(unit.entry, 0.0):
                best[unit.entry] = score
        asked = {t for slot in query.slots for t in slot}
        for entry, name in self._names.items():
            if name and entry in best:
                # The question names this entry's exercise or topic ("side lunges: toes?").
                best[entry] += NAME_BONUS * len(name & asked) / len(name)
        matches = sorted(
            (Match(e, s, covered[e] / information) for e, s in best.items()),
            key=lambda m: m.score + COVERAGE_WEIGHT * m.coverage,
            reverse=True,
        )
        # The whole-entry tie-break reorders the leaders only (and keeps answers fast).
        leaders, rest = matches[:PROFILED], matches[PROFILED:]
        asked_all = asked | {t for slot in query.pairs for t in slot}
        scored = [
            replace(
                m,
                total=m.score
                + COVERAGE_WEIGHT * m.coverage
                + self._profiles.fit(m.entry, query.language, known, information, asked_all),
            )
            for m in leaders
        ]
        return sorted(scored, key=lambda m: m.total, reverse=True) + rest

    def _accumulate(self, slot: frozenset[str], weight: float, dots: dict[int, float]) -> set[int]:
        # A unit counts a slot once, even when several of its candidate stems match it.
        seen: set[int] = set()
        for term in slot:
            for u in self._postings.get(term, ()):
                if u not in seen:
                    seen.add(u)
                    dots[u] += weight * self.idf[term]
        return seen

    def knows(self, slot: frozenset[str]) -> bool:
        """True when some entry uses one of the slot's stems."""
        return any(t in self.idf for t in slot)

    def _slot_weight(self, slot: frozenset[str]) -> float:
        return max(self.idf[t] for t in slot if t in self.idf)


class _Profiles:
    """What each entry's wording says most often, per language: the whole-entry tie-break."""

    def __init__(
        self, units: Sequence[Unit], unit_terms: Sequence[frozenset[str]], idf: Mapping[str, float]
    ) -> None:
        # Whole questions only: a one-word keyword list is a hint, not a way of asking, and
        # counting it would dilute what most of an entry's questions say ("men").
        asked = [(u, ts) for u, ts in zip(units, unit_terms, strict=True) if u.weight >= 1.0]
        count: Counter[tuple[int, str]] = Counter((u.entry, u.language) for u, _ in asked)
        with_term: Counter[tuple[int, str, str]] = Counter(
            (unit.entry, unit.language, t)
            for unit, terms in asked
            for t in terms
            if PAIR not in t  # single words only: pairs are scored by the cosine
        )
        # The share of an entry's phrasings in a language that use a term.
        self._share = {k: n / count[k[0], k[1]] for k, n in with_term.items()}
        # Terms most of an entry's phrasings use ("men" in clothing for men): a question
        # without them is less likely to be about that entry.
        self._defining: dict[tuple[int, str], list[tuple[str, float]]] = defaultdict(list)
        for (entry, language, term), share in self._share.items():
            if share >= DEFINING_SHARE and idf.get(term, 0.0) >= DEFINING_IDF:
                self._defining[entry, language].append((term, share))

    def fit(
        self,
        entry: int,
        language: str,
        known: Sequence[tuple[frozenset[str], float]],
        information: float,
        asked: frozenset[str] | set[str],
    ) -> float:
        """Bonus for question words the entry uses often, less a penalty for its missing ones."""
        share = self._share
        bonus = sum(
            weight
            * math.sqrt(
                max(
                    max(share.get((entry, lang, t), 0.0) for t in slot) for lang in {language, "en"}
                )
            )
            for slot, weight in known
        )
        missing = max(
            (s for t, s in self._defining.get((entry, language), ()) if t not in asked),
            default=0.0,
        )
        return PREVALENCE_WEIGHT * bonus / information - MISSING_WEIGHT * missing


def _pairs(slots: Sequence[frozenset[str]]) -> list[frozenset[str]]:
    """Neighbouring words as joined stems: "side lunge" is more than "side" and "lunge"."""
    return [
        frozenset(a + PAIR + b for a in first for b in second)
        for first, second in itertools.pairwise(slots)
    ]
