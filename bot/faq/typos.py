"""How the lexical index reads a word it does not know: a typo of a known word, or a plural
spelled the way chat spells it."""

from __future__ import annotations

from collections import defaultdict

from rapidfuzz import process
from rapidfuzz.distance import OSA

MIN_TYPO_LENGTH = 5  # shorter words are too easily "corrected" into other words


def chat_plural(word: str) -> str | None:
    """ "bandz", "dipz", "dipss": chat spells a plural s as z, or doubles it."""
    if len(word) > 3 and word[-1] in "zs" and word[-2] != "z":
        return word[:-2] + "s" if word.endswith("ss") else word[:-1] + "s"
    return None


class TypoFolder:
    """Maps an unknown word to the known word it most likely misspells, conservatively."""

    def __init__(self, vocabulary: set[str]) -> None:
        self._by_initial: dict[str, list[str]] = defaultdict(list)
        for word in sorted(vocabulary):
            self._by_initial[word[0]].append(word)
        self._cache: dict[str, str | None] = {}

    def fold(self, word: str) -> str | None:
        """The known word `word` is one or two slips away from, or None."""
        if word in self._cache:
            return self._cache[word]
        found = None
        # Short words are too easily "corrected" into other real words; same first letter
        # only, since typos rarely hit it ("chips" must not become "hips").
        if len(word) >= MIN_TYPO_LENGTH:
            best = process.extractOne(
                word,
                self._by_initial.get(word[0], []),
                scorer=OSA.distance,
                score_cutoff=1 if len(word) < 9 else 2,
            )
            found = None if best is None else str(best[0])
        if len(self._cache) < 50_000:  # bounded: user input is unbounded
            self._cache[word] = found
        return found
