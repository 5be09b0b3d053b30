"""Is a question about our topic, or a lookalike (bar dips, chip dip, hip hop)?

Read from the words a question names: anchors of ours (hip dips, glutes, an exercise) in
each language, and lookalike words (matching.yaml). How closely it matches an entry is the
lexical gate's part (bot/faq/gate.py); the engine combines both (bot/faq/engine.py).
"""

from __future__ import annotations

from bot.faq.index import PAIR, Query
from bot.faq.text import stem, words
from bot.faq.vocabulary import JOINED
from knowledge.matching import MatchingWords

# Lookalikes are refused unless the question is about hips ("hip thrusts on a bench");
# another body part is also fine beside our topic ("belly and glutes").
_BESIDE_HIPS = frozenset({"other-dips", "food"})
_SOFT_LOOKALIKES = frozenset({"other-body"})
GENERIC = frozenset({"hip", "dip"})
# "dips" with nothing else of ours and no bar, bench or food named: a lookalike unless the
# learned model, which has read bar, food and stock-market dips as none of ours, is sure.
BARE_DIP = "bare-dip"  # fallback.REDIRECTS answers it as other dips
# "hip indents", "the dips on my sides", "side dents", "huequitos al costado", "впадинки по
# бокам": a hollow beside the hip or side names the topic (matching.yaml's synonyms bring
# each language's words for the hollow and the side to "indent" and "side").
_TOPIC_NAMES = (
    GENERIC,
    frozenset({"hip", "indent"}),
    frozenset({"side", "dip"}),
    frozenset({"side", "indent"}),
)


class TopicReader:
    """Which words make a question ours, and which make it a lookalike, per language."""

    def __init__(self, matching: MatchingWords) -> None:
        # Each language's anchors in its own stems: "series" is ours in Spanish, not in
        # English ("a good netflix series").
        self._anchors = {
            lang: frozenset(_anchor_term(word, lang) for word in lw.anchors)
            for lang, lw in matching.languages.items()
        }
        self._general = frozenset(
            _anchor_term(word, lang)
            for lang, lw in matching.languages.items()
            for word in lw.general
        )
        self._lookalikes = {word: kind for kind, ws in matching.lookalikes.items() for word in ws}

    def anchored(self, query: Query, language: str, general: bool = True) -> bool:
        """Whether the question names our topic; `general=False` ignores words every gym uses."""
        # "hip" alone is not enough ("hip flask", "rose hip"): "hip dips" or a word that
        # only our topic uses (glute, clamshell, cadera...) is.
        has = {t for slot in (*query.slots, *query.pairs) for t in slot}
        anchors = self._anchors["en"] | self._anchors.get(language, frozenset())
        if not general:
            anchors = anchors - self._general
        return bool(has & anchors) or any(has >= name for name in _TOPIC_NAMES)

    def lookalike(self, question: str, query: Query, language: str) -> str | None:
        """The kind of lookalike the question is (a REDIRECTS key, or BARE_DIP), else None."""
        anchored = self.anchored(query, language) and not all(
            slot & GENERIC for slot in query.slots
        )
        hip = any("hip" in slot for slot in query.slots)
        dip = any("dip" in slot for slot in query.slots)
        if not (anchored or hip) and dip:
            # A dip that is not a hip dip: bars, belts, food, roads; or, with no such word,
            # maybe a hip dip all the same ("dips genetic??"): the learned model may tell.
            named = any(word in self._lookalikes for word in words(question))
            return "other-dips" if named else BARE_DIP
        # Only words of ours excuse a lookalike: "cardio" does not make "belly fat" ours.
        ours = anchored and self.anchored(query, language, general=False)
        for word in words(question):
            kind = self._lookalikes.get(word)
            if kind is None or (kind == "other-dips" and ours and not dip):
                continue  # a bench or bars beside one of our exercises, with no dip: equipment
            if (kind in _BESIDE_HIPS and hip) or (kind in _SOFT_LOOKALIKES and (hip or ours)):
                continue
            return kind
        return None


def _anchor_term(word: str, language: str) -> str:
    """An anchor as the term a question holds: a stem, or two neighbours' ("step+up")."""
    return PAIR.join(stem(part, language) for part in word.split(JOINED))
