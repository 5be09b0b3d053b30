"""FAQ service: answers questions and feeds autocomplete from the knowledge base."""

from __future__ import annotations

from pathlib import Path

from bot.domain.faq_engine import FALLBACK_TEXT, Answer, FaqEngine
from bot.markdown import parse_markdown
from bot.rich import RichText
from knowledge.faq import load_faq, load_safety


def build_faq_engine(faq_dir: Path | None = None, safety_path: Path | None = None) -> FaqEngine:
    """Load the FAQ entries and safety rules (default: knowledge/) and build the engine."""
    return FaqEngine(load_faq(faq_dir), load_safety(safety_path))


def build_faq_service(faq_dir: Path | None = None, safety_path: Path | None = None) -> FaqService:
    """Load the knowledge base and parse every answer's Markdown once, up front."""
    entries, safety = load_faq(faq_dir), load_safety(safety_path)
    texts = [entry.answer for entry in entries]
    texts += [rule.answer for rule in safety.rules]
    return FaqService(FaqEngine(entries, safety), [*texts, FALLBACK_TEXT])


class FaqService:
    """Thin application service over the FAQ engine; no I/O once constructed."""

    def __init__(self, engine: FaqEngine, known_answers: list[str] | None = None) -> None:
        self._engine = engine
        # Answers are Markdown; each is parsed once (the knowledge base's up front).
        self._formatted = {text: parse_markdown(text) for text in known_answers or ()}

    def answer(self, question: str) -> Answer:
        """Answer a question: safety routing, then the best entry, else the fallback."""
        return self._engine.answer(question)

    def formatted(self, answer: Answer) -> RichText:
        """The answer's Markdown as rich text for the adapters to render."""
        body = self._formatted.get(answer.answer)
        if body is None:
            body = self._formatted[answer.answer] = parse_markdown(answer.answer)
        return body

    def safety_answer(self, text: str) -> Answer | None:
        """The safety answer when any text (even one too long to answer) needs care, else None."""
        return self._engine.check_safety(text)

    def suggest(self, prefix: str, limit: int = 25) -> list[str]:
        """Question titles for autocomplete (Discord allows at most 25 choices)."""
        return self._engine.suggest(prefix, limit)

    def topics(self) -> list[str]:
        """Every question the bot can answer, for help text."""
        return self._engine.titles()
