"""FAQ service: answers questions and feeds autocomplete from the knowledge base."""

from __future__ import annotations

from bot.faq.engine import Answer, FaqEngine
from bot.faq.fallback import FALLBACK_TEXT
from bot.faq.intent_model import SHIPPED_INTENT_MODEL
from bot.faq.safety_model import SHIPPED_MODEL
from bot.markdown import parse_markdown
from bot.rich import RichText
from knowledge.faq import FaqEntry, load_faq, load_safety
from knowledge.matching import load_matching, load_phrasings
from knowledge.safety_replies import CATEGORIES, LANGUAGES, load_safety_replies


def build_faq_engine() -> FaqEngine:
    """Load the FAQ entries, phrasings, matching words and safety rules, and build the engine."""
    entries = load_faq()
    return FaqEngine(
        entries,
        load_safety(),
        load_safety_replies(),
        load_matching(),
        load_phrasings({e.id for e in entries}),
        safety_model=SHIPPED_MODEL,  # adds recall where no pattern fires (docs/safety_model.md)
        intent_model=SHIPPED_INTENT_MODEL,  # picks the entry once the gate accepts
    )


def build_faq_service() -> FaqService:
    """Build the engine and parse every answer's Markdown once, up front."""
    engine = build_faq_engine()
    texts = [e.answer for e in engine.entries()] + [e.more for e in engine.entries() if e.more]
    replies = load_safety_replies()
    texts += [replies.reply(c, lang).answer for c in CATEGORIES for lang in LANGUAGES]
    return FaqService(engine, [*texts, FALLBACK_TEXT])


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
        return self.markdown(answer.answer)

    def markdown(self, text: str) -> RichText:
        """Knowledge-base Markdown as rich text, parsed once per distinct text."""
        body = self._formatted.get(text)
        if body is None:
            body = self._formatted[text] = parse_markdown(text)
        return body

    def safety_answer(self, text: str) -> Answer | None:
        """The safety answer when any text (even one too long to answer) needs care, else None."""
        return self._engine.check_safety(text)

    def suggest(self, prefix: str, limit: int = 25) -> list[str]:
        """Question titles for autocomplete (Discord allows at most 25 choices)."""
        return self._engine.suggest(prefix, limit)

    def entry(self, entry_id: str | None) -> FaqEntry | None:
        """The knowledge entry with this id (for its "more" part), if any."""
        return self._engine.entry(entry_id) if entry_id else None

    def topics(self) -> list[str]:
        """Every question the bot can answer, for help text."""
        return self._engine.titles()
