"""Which language a chat message is written in: script, function words, then a detector."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from bot.faq.text import LANGUAGES, has_cyrillic

_LINGUA = {
    "en": Language.ENGLISH,
    "es": Language.SPANISH,
    "pt": Language.PORTUGUESE,
    "fr": Language.FRENCH,
    "de": Language.GERMAN,
    "ru": Language.RUSSIAN,
}
_BY_LINGUA = {value: key for key, value in _LINGUA.items()}
# A detector's guess on a short chat line is only trusted when it is this sure; otherwise
# English, the language of most questions and of the loanword "hip dips".
MIN_DETECTOR_CONFIDENCE = 0.8


class LanguageGuesser:
    """Guesses the language of a question among the six the bot understands."""

    def __init__(self, function_words: Mapping[str, frozenset[str]]) -> None:
        self._function_words = function_words
        # Low-accuracy mode: unigram-to-trigram models only, loaded in well under a second
        # and a few tens of MB; the function-word count decides most short lines anyway.
        self._detector: LanguageDetector = (
            LanguageDetectorBuilder.from_languages(*(_LINGUA[lang] for lang in LANGUAGES))
            .with_low_accuracy_mode()
            .with_preloaded_language_models()
            .build()
        )

    def guess(self, text: str, words: Sequence[str]) -> str:
        """The BCP 47 tag ("en", "es", ...) of the language `words` (folded) are written in."""
        if has_cyrillic(text):
            return "ru"
        hits = {
            lang: sum(1 for w in words if w in vocabulary)
            for lang, vocabulary in self._function_words.items()
        }
        best = max(hits.values(), default=0)
        leaders = [lang for lang, count in hits.items() if count == best]
        if best and len(leaders) == 1:
            return leaders[0]
        candidates = leaders if best else list(LANGUAGES)
        detected = self._detect(text, candidates)
        if detected is not None:
            return detected
        return "en" if "en" in candidates else candidates[0]

    def _detect(self, text: str, candidates: Sequence[str]) -> str | None:
        for value in self._detector.compute_language_confidence_values(text):
            lang = _BY_LINGUA.get(value.language)
            if lang in candidates:
                if len(candidates) > 1 and value.value < MIN_DETECTOR_CONFIDENCE / 2:
                    return None
                if len(candidates) == len(LANGUAGES) and value.value < MIN_DETECTOR_CONFIDENCE:
                    return None
                return lang
        return None
