"""FAQ answers in the reader's language: which language to answer in, and the answer in it.

The engine matches and routes in English terms; this module swaps in the Spanish or
Portuguese text of the same entry, safety reply or fallback afterwards, so matching, safety
and the `ask --json` shape do not depend on the language an answer is written in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from bot.faq.answer import Answer
from bot.faq.fallback import FALLBACK_TEXT
from bot.i18n import Catalog, Language
from knowledge.faq import FaqEntry
from knowledge.safety_replies import SafetyReplies
from knowledge.translations import FaqTranslation

# The engine's language tags for the languages whose questions get answers in kind.
ANSWERED_IN_KIND = {"es": Language.ES, "pt": Language.PT_BR}
IBERIAN = frozenset(ANSWERED_IN_KIND.values())


class AnswerLocaliser:
    """Rewrites English engine answers into Spanish or Portuguese; read-only once built."""

    def __init__(
        self,
        entries: Sequence[FaqEntry],
        packs: Mapping[str, Mapping[str, FaqTranslation]],
        replies: SafetyReplies,
        catalog: Catalog,
    ) -> None:
        self._packs = packs
        self._replies = replies
        self._catalog = catalog
        self._ids_by_title = {e.title: e.id for e in entries}

    def wanted(self, understood: str, profile: Language) -> Language:
        """A Spanish or Portuguese question's own language; English for the other languages
        the engine understands (their answer says so in one line); else the profile's.

        Short Spanish and Portuguese lines are easily taken for each other ("o que causa hip
        dips?"), so between those two the profile's language wins.
        """
        if understood in ANSWERED_IN_KIND:
            asked = ANSWERED_IN_KIND[understood]
            return profile if profile in IBERIAN else asked
        return profile if understood == "en" else Language.EN

    def reply_language(self, understood: str, profile: Language) -> Language:
        """The wanted language when the knowledge base is written in it, else English."""
        wanted = self.wanted(understood, profile)
        return wanted if self.speaks(wanted) else Language.EN

    def speaks(self, language: Language) -> bool:
        """True when the knowledge base is written in this language."""
        return language is Language.EN or language.value in self._packs

    def localise(self, answer: Answer, language: Language) -> Answer:
        """The same answer in `language`; English answers are returned untouched. Safety
        replies exist in every language, whether or not its FAQ entries are written yet."""
        if language is Language.EN:
            return answer
        if answer.kind == "safety":
            if answer.topic is None or Language.spoken(answer.language) is language:
                return answer  # already in the language wanted
            reply = self._replies.reply(answer.topic, language.value)
            return replace(answer, title=reply.title, answer=reply.answer)
        if not self.speaks(language):
            return answer
        related = tuple(self._title(title, language) for title in answer.related)
        if answer.kind == "fallback":
            text = self._fallback(answer.answer, language)
            return replace(answer, answer=text, related=related, note="")
        translated = self._packs[language.value].get(answer.topic or "")
        if translated is None:
            return answer
        return replace(
            answer, title=translated.title, answer=translated.answer, related=related, note=""
        )

    def titles(self, language: Language) -> list[str]:
        """Every translated entry's title in `language` (none for English or an unwritten one)."""
        return [translated.title for translated in self._packs.get(language.value, {}).values()]

    def more(self, entry_id: str, language: Language) -> FaqTranslation | None:
        """An entry's translated text (title, answer, more) in `language`, if written."""
        return self._packs.get(language.value, {}).get(entry_id)

    def _title(self, english: str, language: Language) -> str:
        translated = self.more(self._ids_by_title.get(english, ""), language)
        return english if translated is None else translated.title

    def _fallback(self, english: str, language: Language) -> str:
        tr = self._catalog.translator(language)
        body = tr.gettext(FALLBACK_TEXT)
        if english == FALLBACK_TEXT:
            return body
        # A redirect ("a different kind of dip") replaces the fallback's opening paragraph.
        intro = english.split("\n\n", 1)[0]
        return f"{tr.gettext(intro)}\n\n{body.split(chr(10), 2)[2]}"
