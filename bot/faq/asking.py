"""The asking clause of a message that tells a story first (issue #15, docs/intent_model.md).

"I'm 24, I've been doing squats for months and my sister says my hips look uneven. which
exercise actually fills the side?" is ours because of the whole story, but which entry it
asks for is in the last sentence. The sentence that asks (a question mark, or an ask word
first: "how", "cómo", "warum", "как") is read beside the whole message; a message of one
sentence, or one whose every sentence asks, has no separate asking clause.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from bot.faq.text import words

# Sentence ends: ?, !, ;, an ellipsis, a line break, or a full stop not inside a number
# ("1.5 kg"). The question marks stay with their sentence: they are what marks the ask.
_SENTENCE = re.compile(r"[^?!;…\n\r]*?(?:[?!;…\n\r]+|(?<!\d)\.(?!\d)|$)")
MIN_WORDS = 3  # "any tips?" alone says nothing about which entry


class AskingClause:
    """Finds the sentences of a message that ask, by question mark or ask word."""

    def __init__(self, ask_words: Mapping[str, Iterable[str]]) -> None:
        # Per language: "was" opens a German question and an English story sentence.
        self._ask_words = {
            language: frozenset(w for word in listed for w in words(word))
            for language, listed in ask_words.items()
        }

    def of(self, message: str, language: str = "en") -> str | None:
        """The asking sentences of a story (joined), or None when the message is all ask."""
        sentences = [s.strip() for s in _SENTENCE.findall(message) if words(s)]
        if len(sentences) < 2:
            return None
        opening = self._ask_words.get(language, frozenset())
        asking = [s for s in sentences if "?" in s] or [
            s for s in sentences if words(s)[0] in opening
        ]
        if not asking or len(asking) == len(sentences):
            return None
        clause = " ".join(asking)
        return clause if len(words(clause)) >= MIN_WORDS else None
