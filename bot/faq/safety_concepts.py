"""Concepts for the safety model: one shared feature per meaning, whatever the language.

The model's n-grams are per language and per word, so a new way of saying a farewell ("my
insurance papers are in order") shares nothing with the farewells it learned, and what an
English writer taught never reaches Russian. knowledge/safety_concepts.yaml lists ~50
meanings (means at hand, a date chosen, giving things away, purging, a school year, weeks
after a birth, gym talk...) in six languages; a message that says one gets `#c:<name>`, and
two said in the same sentence `#c:<a>+<b>` (docs/safety_model.md).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import knowledge
from bot.faq.clauses import SENTENCE_BREAK
from bot.faq.text import LANGUAGES, clean
from knowledge.loading import read_yaml

SHIPPED_CONCEPTS = Path(knowledge.__file__).with_name("safety_concepts.yaml")
MAX_GAP = 3  # words a lone `*` in an entry may stand for


@dataclass(frozen=True, slots=True)
class _Word:
    text: str
    prefix: bool  # matches any word it begins (a stem), else only itself

    def matches(self, word: str) -> bool:
        return word.startswith(self.text) if self.prefix else word == self.text


_GAP = None  # a lone `*`: up to MAX_GAP words
_Token = _Word | None
_Entry = tuple[str, tuple[_Token, ...]]  # the concept, and the entry's words after the first


def _parse(entry: str, min_stem: int) -> tuple[_Word, tuple[_Token, ...]]:
    """An entry's words, folded as messages are; its first word apart (the index key)."""
    tokens: list[_Token] = []
    for raw in entry.split():
        if raw == "*":
            tokens.append(_GAP)
            continue
        prefix = raw.endswith("*")
        folded = clean(raw.rstrip("*")).split()
        if not folded or (prefix and len(folded[-1]) < min_stem):
            raise ValueError(f"safety concept entry {entry!r}: {raw!r} is too short")
        tokens += [_Word(w, False) for w in folded[:-1]] + [_Word(folded[-1], prefix)]
    first = tokens[0]
    if first is None or tokens[-1] is None:
        raise ValueError(f"safety concept entry {entry!r} starts or ends with a gap")
    return first, tuple(tokens[1:])


def _follows(rest: tuple[_Token, ...], words: list[str], at: int) -> bool:
    """True when the entry's remaining words match the message from word `at` on."""
    if not rest:
        return True
    head, tail = rest[0], rest[1:]
    if head is None:
        return any(_follows(tail, words, at + skip) for skip in range(MAX_GAP + 1))
    return at < len(words) and head.matches(words[at]) and _follows(tail, words, at + 1)


class ConceptLexicon:
    """Finds the concepts a message says; read-only once loaded."""

    def __init__(self, concepts: Mapping[str, list[str]], min_stem: int, pairs: bool) -> None:
        self.pairs = pairs
        self._exact: dict[str, list[_Entry]] = {}
        self._prefix: dict[str, list[_Entry]] = {}
        for name, entries in concepts.items():
            for entry in entries:
                first, rest = _parse(entry, min_stem)
                index = self._prefix if first.prefix else self._exact
                index.setdefault(first.text, []).append((name, rest))
        self._lengths = sorted({len(p) for p in self._prefix})

    @classmethod
    def load(cls, path: Path = SHIPPED_CONCEPTS, pairs: bool = True) -> ConceptLexicon:
        """The lexicon of knowledge/safety_concepts.yaml, checked: six languages per concept."""
        data = read_yaml(path)
        min_stem = int(data["min_stem"])
        concepts: dict[str, list[str]] = {}
        for name, languages in data["concepts"].items():
            if set(languages) != set(LANGUAGES):
                raise ValueError(f"safety concept {name!r} has {sorted(languages)}, not six")
            if any(not isinstance(e, list) or not e for e in languages.values()):
                raise ValueError(f"safety concept {name!r} has a language with no entries")
            concepts[str(name)] = [str(e) for entries in languages.values() for e in entries]
        return cls(concepts, min_stem, pairs)

    def found(self, words: list[str]) -> set[str]:
        """The names of the concepts said in a list of folded words."""
        names: set[str] = set()
        for at, word in enumerate(words):
            for name, rest in self._exact.get(word, ()):
                if name not in names and _follows(rest, words, at + 1):
                    names.add(name)
            for size in self._lengths:
                if size > len(word):
                    break
                for name, rest in self._prefix.get(word[:size], ()):
                    if name not in names and _follows(rest, words, at + 1):
                        names.add(name)
        return names

    def tokens(self, message: str) -> set[str]:
        """`#c:<concept>` for each concept said, `#c:<a>+<b>` for two in one sentence."""
        out: set[str] = set()
        for sentence in SENTENCE_BREAK.split(message):
            names = sorted(self.found(clean(sentence).split()))
            out.update(f"#c:{name}" for name in names)
            if self.pairs:
                out.update(f"#c:{a}+{b}" for a, b in itertools.combinations(names, 2))
        return out
