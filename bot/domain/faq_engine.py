"""FAQ engine: safety routing first, then lexical matching over entry wording, or a fallback."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bot.domain.faq_index import IndexedText, LexicalIndex, Match, Query
from bot.domain.faq_text import clean, stem, word_set
from knowledge.faq import FaqEntry, SafetyConfig

MAX_RELATED = 3

# Words that only make sense about hips and glutes. A question containing one of them is
# on topic even when the rest is vague; without one, we demand a much closer match so that
# "tricep dips" or "get rid of acne" fall through to the fallback.
ANCHORS = frozenset(
    stem(w)
    for w in word_set(
        """
        hip glute medius minimus maximus trochanter trochanteric pelvis pelvic iliac femur
        femoral thigh clamshell abduction saddlebag violin tfl itband curtsy bandwalk
        farmerwalk kickback lunge
        """
    )
)
# A question made only of these ("hip dips?", "what even are hip dips") asks for the basics.
GENERIC_TERMS = frozenset({"hip", "dip"})

FALLBACK_TEXT = (
    "Sorry, I don't have a good answer for that. I only know about hip dips and training "
    "the hips.\n\n"
    "You can ask me about:\n"
    "- what hip dips are, what causes them, and whether they can go away\n"
    "- the best exercises, with step-by-step how-tos\n"
    "- sets, reps, how often to train, rest and how long results take\n"
    "- protein, calories and hydration\n"
    "- clothing, posing, posture and body image\n"
    "- surgery, fillers and creams\n"
    "- hip dips in men, in athletes, and how to get them\n\n"
    'Try a question like "what are the best exercises for hip dips?"'
)
FALLBACK_SUGGESTIONS = ("what-are-hip-dips", "can-you-get-rid-of-hip-dips", "best-exercises")


@dataclass(frozen=True, slots=True)
class Answer:
    """One reply from the FAQ engine, platform-neutral."""

    kind: Literal["answer", "fallback", "safety"]
    topic: str | None  # entry id, or safety category, None for fallback
    title: str | None
    answer: str
    confidence: float  # 0..1
    related: tuple[str, ...]  # titles of up to 3 related questions
    sources: tuple[str, ...]  # seed file names

    def to_json(self) -> dict[str, object]:
        """The `hipcoach ask --json` object (DESIGN.md section 4)."""
        return {
            "kind": self.kind,
            "topic": self.topic,
            "title": self.title,
            "answer": self.answer,
            "confidence": round(self.confidence, 3),
            "related": list(self.related),
            "sources": list(self.sources),
        }


@dataclass(frozen=True, slots=True)
class _Rule:
    category: str
    title: str
    patterns: tuple[re.Pattern[str], ...]
    answer: str


class FaqEngine:
    """Answers free-text questions from loaded FAQ entries; pure, and read-only once built."""

    def __init__(
        self,
        entries: Sequence[FaqEntry],
        safety: SafetyConfig,
        *,
        min_coverage: float = 0.4,
        min_coverage_unanchored: float = 0.65,
        default_topic: str = "what-are-hip-dips",
    ) -> None:
        if not entries:
            raise ValueError("the FAQ engine needs at least one entry")
        self._entries = tuple(entries)
        self._by_id = {e.id: e for e in self._entries}
        self._min_coverage = min_coverage
        self._min_coverage_unanchored = min_coverage_unanchored
        self._default_topic = default_topic if default_topic in self._by_id else None
        self._rules = tuple(
            _Rule(r.category, r.title, tuple(re.compile(p) for p in r.patterns), r.answer)
            for r in safety.rules
        )
        self._index = LexicalIndex(
            [IndexedText(e.title, e.phrasings, e.keywords, e.answer) for e in self._entries]
        )
        self._titles = sorted((e.title for e in self._entries), key=str.lower)
        self._title_keys = [(clean(t), t) for t in self._titles]

    # ---------------------------------------------------------------- public
    def check_safety(self, question: str) -> Answer | None:
        """Return the caring safety answer if the question trips a safety rule, else None."""
        text = clean(question)
        for rule in self._rules:
            if any(p.search(text) for p in rule.patterns):
                return Answer("safety", rule.category, rule.title, rule.answer, 1.0, (), ())
        return None

    def answer(self, question: str) -> Answer:
        """Answer one question: safety first, then the best FAQ entry, else the fallback."""
        if not question or not question.strip():
            return self.fallback()
        safety = self.check_safety(question)
        if safety is not None:
            return safety
        query = self._index.parse(question)
        if not query.terms or query.unknown >= len(query.terms):
            return self.fallback()
        topical = {t for t in query.terms if not self._index.is_soft(t)}
        if not topical:
            return self.fallback()  # "help", "what's best?": nothing to match on
        if self._default_topic and topical <= GENERIC_TERMS:
            return self._answer_for(self._by_id[self._default_topic], 1.0)
        matches = self._index.rank(query)
        if not matches or not self._accept(query, matches[0]):
            return self.fallback()
        best = matches[0]
        runner_up = matches[1].rank if len(matches) > 1 else 0.0
        separation = 1.0 - runner_up / best.rank if best.rank > 0 else 0.0
        confidence = min(1.0, best.coverage * (0.6 + 0.4 * separation))
        return self._answer_for(self._entries[best.doc], confidence)

    def fallback(self) -> Answer:
        """The short 'I can't help with that' reply listing what the bot knows."""
        related = tuple(self._by_id[i].title for i in FALLBACK_SUGGESTIONS if i in self._by_id)
        return Answer("fallback", None, None, FALLBACK_TEXT, 0.0, related, ())

    def suggest(self, prefix: str, limit: int = 25) -> list[str]:
        """Titles for autocomplete: titles starting with the prefix first, then containing it."""
        if limit <= 0:
            return []
        key = clean(prefix)
        if not key:
            return self._titles[:limit]
        starts = [t for k, t in self._title_keys if k.startswith(key)]
        if len(starts) >= limit:
            return starts[:limit]
        inside = [t for k, t in self._title_keys if key in k and not k.startswith(key)]
        return (starts + inside)[:limit]

    def titles(self) -> list[str]:
        """All entry titles, alphabetically."""
        return list(self._titles)

    def entry(self, entry_id: str) -> FaqEntry | None:
        """The entry with this id, if any."""
        return self._by_id.get(entry_id)

    # --------------------------------------------------------------- private
    def _accept(self, query: Query, best: Match) -> bool:
        if any(t in ANCHORS for t in query.terms):
            return best.coverage >= self._min_coverage
        # Off-anchor questions must match closely (unfamiliar words such as "acne" or
        # "tricep" weigh heavily against coverage), and a lone matching word only counts
        # if it is central to the entry (title or keywords). Everyday words ("help",
        # "best") never count on their own.
        meaningful = [t for t in best.matched if not self._index.is_soft(t)]
        return best.coverage >= self._min_coverage_unanchored and (
            len(meaningful) >= 2 or any(self._index.is_strong(best.doc, t) for t in meaningful)
        )

    def _answer_for(self, entry: FaqEntry, confidence: float) -> Answer:
        related = tuple(self._by_id[r].title for r in entry.related[:MAX_RELATED])
        return Answer(
            "answer", entry.id, entry.title, entry.answer, confidence, related, entry.sources
        )
