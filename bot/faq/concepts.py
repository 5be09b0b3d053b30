"""Which concepts a question names, whatever its language: "hoyitos", "Dellen" and "dents"
are one dent to the learned entry classifier (knowledge/intent_concepts.yaml)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from bot.faq.text import fold, stem

# German writes two of our words as one ("Hüftdellen", "Stoffband"): each half at least this
# long, both halves concepts, or the word is left alone.
MIN_COMPOUND_PART = 4
COMPOUNDING = frozenset({"de"})
# A stem this short meets unrelated words ("madre" and "Madrid" are both "madr"): only the
# listed forms themselves count then.
MIN_STEM = 5


class ConceptReader:
    """Maps words to the language-neutral concepts they name; read-only once built."""

    def __init__(self, concepts: Mapping[str, Mapping[str, Sequence[str]]]) -> None:
        # Per language, each word's own form and its Snowball stem in that language, so one
        # listed form stands for its inflections and no language's stem meets another's.
        self._by_language: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for concept, by_language in concepts.items():
            for language, listed in by_language.items():
                table = self._by_language[language]
                for word in listed:
                    folded = fold(word)
                    table[folded].add(concept)
                    if len(root := stem(folded, language)) >= MIN_STEM:
                        table[root].add(concept)

    def read(self, words: Sequence[str], language: str) -> tuple[str, ...]:
        """The concepts the (folded) words name, read in `language` and in English."""
        found: set[str] = set()
        for word in words:
            concepts = self._word(word, language)
            if not concepts and language in COMPOUNDING:
                concepts = self._compound(word, language)
            found |= concepts
        return tuple(sorted(found))

    def _word(self, word: str, language: str, stems: bool = True) -> set[str]:
        found: set[str] = set()
        for lang in dict.fromkeys((language, "en")):
            table = self._by_language.get(lang, {})
            found |= table.get(word, set())
            if stems and len(root := stem(word, lang)) >= MIN_STEM:
                found |= table.get(root, set())
        return found

    def _compound(self, word: str, language: str) -> set[str]:
        # Both halves as listed ("huft" + "dellen"): stems of fragments match too much.
        for i in range(len(word) - MIN_COMPOUND_PART, MIN_COMPOUND_PART - 1, -1):
            head = self._word(word[:i], language, stems=False)
            tail = self._word(word[i:], language, stems=False)
            if head and tail:
                return head | tail
        return set()
