"""FAQ titles for autocomplete in one language, matched on folded words (accents optional)."""

from __future__ import annotations

from collections.abc import Iterable

from bot.faq.text import words


class TitleIndex:
    """Titles in alphabetical order, each with its folded key ("musculo" finds "músculo")."""

    def __init__(self, titles: Iterable[str]) -> None:
        ordered = sorted(set(titles), key=str.lower)
        self._keys = [(" ".join(words(title)), title) for title in ordered]

    def suggest(self, typed: str, limit: int) -> list[str]:
        """Titles starting with the typed words first, then titles containing them."""
        if limit <= 0:
            return []
        key = " ".join(words(typed))
        starts = [title for folded, title in self._keys if folded.startswith(key)]
        inside = [title for folded, title in self._keys if key in folded and title not in starts]
        return (starts + inside)[:limit]
