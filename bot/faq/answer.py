"""What the FAQ engine replies: one platform-neutral answer, and its `ask --json` form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


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
    language: str = "en"  # the language the question was understood in (BCP 47)
    note: str = ""  # one line in the asker's language when the answer is in English
    care: str = ""  # the gentle line: helplines, when a crisis is possible but not clear

    def to_json(self) -> dict[str, object]:
        """The `hipcoach ask --json` object (DESIGN.md section 4)."""
        return {
            "kind": self.kind,
            "topic": self.topic,
            "title": self.title,
            "answer": f"{self.answer}\n\n{self.care}" if self.care else self.answer,
            "confidence": round(self.confidence, 3),
            "related": list(self.related),
            "sources": list(self.sources),
            "language": self.language,
        }
