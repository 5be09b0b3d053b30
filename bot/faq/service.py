"""FAQ service: answers questions and feeds autocomplete from the knowledge base."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from bot.faq.answer import Answer
from bot.faq.engine import FaqEngine
from bot.faq.fallback import FALLBACK_TEXT
from bot.faq.intent_model import SHIPPED_INTENT_MODEL
from bot.faq.localise import AnswerLocaliser
from bot.faq.safety_model import SHIPPED_MODEL
from bot.faq.titles import TitleIndex
from bot.i18n import Catalog, Language
from bot.markdown import parse_markdown
from bot.rich import RichText
from knowledge.faq import FaqEntry, load_faq, load_safety
from knowledge.matching import load_matching, load_phrasings
from knowledge.safety_replies import CATEGORIES, LANGUAGES, load_safety_replies
from knowledge.translations import (
    TRANSLATIONS_DIR,
    FaqTranslation,
    available_languages,
    load_faq_translations,
)


def build_faq_engine(intent_model: Path | None = SHIPPED_INTENT_MODEL) -> FaqEngine:
    """Load the FAQ entries, phrasings, matching words and safety rules, and build the engine
    (with this learned entry classifier: the shipped one, another being trained, or none)."""
    entries = load_faq()
    return FaqEngine(
        entries,
        load_safety(),
        load_safety_replies(),
        load_matching(),
        load_phrasings({e.id for e in entries}),
        safety_model=SHIPPED_MODEL,  # adds recall where no pattern fires (docs/safety_model.md)
        intent_model=intent_model,  # picks the entry once the gate accepts
    )


def build_faq_service(
    catalog: Catalog | None = None, translations: Path = TRANSLATIONS_DIR
) -> FaqService:
    """Build the engine, load the translated entries (a broken file stops start-up) and parse
    every answer's Markdown once, up front."""
    engine = build_faq_engine()
    packs = {
        lang: load_faq_translations(translations / lang / "faq", engine.entries())
        for lang in available_languages(translations)
    }
    written: list[FaqEntry | FaqTranslation] = [*engine.entries()]
    written += [t for pack in packs.values() for t in pack.values()]
    texts = [e.answer for e in written] + [e.more for e in written if e.more]
    replies = load_safety_replies()
    texts += [replies.reply(c, lang).answer for c in CATEGORIES for lang in LANGUAGES]
    localiser = AnswerLocaliser(engine.entries(), packs, replies, catalog or Catalog.load())
    return FaqService(engine, [*texts, FALLBACK_TEXT], localiser)


# Distinct questions whose answers are remembered: the engine is pure (same text, same answer)
# and takes about a millisecond, while people ask the same few things (Discord's autocomplete
# sends the titles themselves). A few MB at most.
REMEMBERED_ANSWERS = 4096


class FaqService:
    """Thin application service over the FAQ engine; no I/O once constructed."""

    def __init__(
        self,
        engine: FaqEngine,
        known_answers: list[str] | None = None,
        localiser: AnswerLocaliser | None = None,
    ) -> None:
        self._engine = engine
        self._answer = lru_cache(maxsize=REMEMBERED_ANSWERS)(self._engine_answer)
        self._localiser = localiser
        # The translated titles, per language, for autocomplete in the reader's language.
        self._titles: dict[Language, TitleIndex] = {
            language: TitleIndex(localiser.titles(language))
            for language in Language
            if localiser is not None and language is not Language.EN and localiser.speaks(language)
        }
        # Answers are Markdown; each is parsed once (the knowledge base's up front).
        self._formatted = {text: parse_markdown(text) for text in known_answers or ()}

    def answer(self, question: str, profile: Language = Language.EN) -> Answer:
        """Answer a question: safety routing, then the best entry, else the fallback; in
        the question's language when it is Spanish or Portuguese, else in `profile`'s."""
        return self._localised(self._answer(question), profile)

    def _engine_answer(self, question: str) -> Answer:
        """The engine's answer, with the gentle line under it when a crisis is possible."""
        answer = self._engine.answer(question)
        if answer.kind == "safety":
            return answer
        line = self._engine.gentle_line(question, answer.language)
        return replace(answer, care=line) if line else answer

    def reply_language(self, answer: Answer, profile: Language = Language.EN) -> Language:
        """The language an answer to a question understood as `answer.language` is written in."""
        if self._localiser is None:
            return Language.EN
        return self._localiser.reply_language(answer.language, profile)

    def _localised(self, answer: Answer, profile: Language) -> Answer:
        if self._localiser is None:
            return answer
        return self._localiser.localise(answer, self._localiser.wanted(answer.language, profile))

    def formatted(self, answer: Answer) -> RichText:
        """The answer's Markdown as rich text for the adapters to render."""
        return self.markdown(answer.answer)

    def markdown(self, text: str) -> RichText:
        """Knowledge-base Markdown as rich text, parsed once per distinct text."""
        body = self._formatted.get(text)
        if body is None:
            body = self._formatted[text] = parse_markdown(text)
        return body

    def safety_answer(self, text: str, profile: Language = Language.EN) -> Answer | None:
        """The safety answer when any text (even one too long to answer) needs care, else None."""
        answer = self._engine.check_safety(text)
        return None if answer is None else self._localised(answer, profile)

    def gentle_line(self, text: str) -> str:
        """The gentle line for any text (even one too long to answer), in its language, or ""."""
        return self._engine.gentle_line(text, self._engine.language_of(text))

    def suggest(self, prefix: str, limit: int = 25, language: Language = Language.EN) -> list[str]:
        """Question titles in `language` for autocomplete (Discord allows at most 25 choices);
        English titles when the knowledge base is not written in it."""
        titles = self._titles.get(language)
        return (
            self._engine.suggest(prefix, limit) if titles is None else titles.suggest(prefix, limit)
        )

    def entry(self, entry_id: str | None) -> FaqEntry | None:
        """The knowledge entry with this id (for its "more" part), if any."""
        return self._engine.entry(entry_id) if entry_id else None

    def more(self, entry_id: str, language: Language) -> tuple[str, str] | None:
        """An entry's title and "more" part in `language` (English when not written), if any."""
        entry = self.entry(entry_id)
        if entry is None or entry.more is None:
            return None
        translated = self._localiser.more(entry_id, language) if self._localiser else None
        if translated is None or translated.more is None:
            return entry.title, entry.more
        return translated.title, translated.more

    def topics(self) -> list[str]:
        """Every question the bot can answer, for help text."""
        return self._engine.titles()
