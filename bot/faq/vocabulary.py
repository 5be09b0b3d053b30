"""How each language's words become terms: synonyms, two-word expressions, negation, stems."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from bot.faq.text import fold, stem, words
from knowledge.matching import LanguageWords

NEGATED = "¬"  # prefix of a negated stem: "no gym" -> "¬gym"
JOINED = "+"  # joins the words of a two-word variant in matching.yaml: "por+que"
STEMMED_SYNONYMS = frozenset({"en", "es", "pt", "fr", "de", "ru"})
# "3x10", "4 x 12": a set-and-rep scheme is a question about sets and reps, not numbers.
_SCHEME = re.compile(r"\b\d+\s*[x×*]\s*\d+\b", re.IGNORECASE)
_FILLERS = frozenset({"a", "an", "the", "any", "much", "more", "real", "un", "una", "um", "de"})
# The topic's own name is never negated: "girls with no hip dips" and "i have no hip dips"
# ask about hip dips, unlike "no gym" or "non surgical", which rule a setting out.
_TOPIC_NAME = frozenset({"hip", "dip"})


class Vocabulary:
    """How each language turns words into terms: synonyms, negation, function words, stems."""

    def __init__(self, languages: Mapping[str, LanguageWords]) -> None:
        self._languages = languages
        self.function = {lang: frozenset(w.function) for lang, w in languages.items()}
        self._negators = {lang: frozenset(w.negators) for lang, w in languages.items()}
        self._synonyms = {
            lang: {fold(v): c for v, c in w.synonyms.items()} for lang, w in languages.items()
        }
        # Other languages inflect: "лучшие", "лучший", "лучшее" all mean "best", so a
        # variant's stem stands for every form of it.
        self._stem_synonyms = {
            lang: _by_stem(table, lang)
            for lang, table in self._synonyms.items()
            if lang in STEMMED_SYNONYMS
        }

    def terms(self, text: str, languages: Sequence[str]) -> list[tuple[str, frozenset[str]]]:
        """Each meaningful word of `text` with its candidate stems, read in `languages`."""
        raw = self._rewrite(words(_SCHEME.sub(" sets reps ", text)), languages)
        stop = frozenset().union(*(self.function[lang] for lang in languages))
        # A negator of one language may be a plain word of another (Portuguese "no quadril").
        negators = frozenset().union(*(self._negators[lang] for lang in languages)) - (
            self.function[languages[0]] if languages[0] != "en" else frozenset()
        )
        slots: list[tuple[str, frozenset[str]]] = []
        negate = False
        for word in raw:
            if word in negators:
                negate = True
                continue
            if word.isdigit() or word in stop:
                if word not in _FILLERS:
                    negate = False
                continue
            prefix = NEGATED if negate and word not in _TOPIC_NAME else ""
            slots.append((word, frozenset(prefix + stem(word, lang) for lang in languages)))
            negate = False
        return slots

    def _rewrite(self, tokens: list[str], languages: Sequence[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(tokens):
            # Two-word expressions first ("por+que" is "why", "wie+oft" is "how often").
            pair = f"{tokens[i]}{JOINED}{tokens[i + 1]}" if i + 1 < len(tokens) else ""
            replacement = self._lookup(pair, languages, by_stem=False) if pair else None
            if replacement is not None:
                out.extend(replacement)
                i += 2
                continue
            out.extend(self._lookup(tokens[i], languages, by_stem=True) or (tokens[i],))
            i += 1
        return out

    def _lookup(
        self, token: str, languages: Sequence[str], *, by_stem: bool
    ) -> tuple[str, ...] | None:
        for lang in languages:
            replacement = self._synonyms[lang].get(token)
            if replacement is None and by_stem and lang in self._stem_synonyms:
                replacement = self._stem_synonyms[lang].get(stem(token, lang))
            if replacement is not None:
                return replacement
        return None


def _by_stem(table: Mapping[str, tuple[str, ...]], language: str) -> dict[str, tuple[str, ...]]:
    """Synonyms keyed by stem, leaving out stems two meanings share ("afundo", "afundamento")."""
    by_stem: dict[str, tuple[str, ...]] = {}
    clashes: set[str] = set()
    for variant, canonical in table.items():
        if JOINED in variant:
            continue
        key = stem(variant, language)
        if by_stem.setdefault(key, canonical) != canonical:
            clashes.add(key)
    return {key: canonical for key, canonical in by_stem.items() if key not in clashes}
