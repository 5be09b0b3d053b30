"""Text in any script for FAQ matching and safety: fold, split into words, stem per language."""

from __future__ import annotations

import functools
import re
import unicodedata

import Stemmer

LANGUAGES = ("en", "es", "pt", "fr", "de", "ru")
_SNOWBALL = {
    "en": "english",
    "es": "spanish",
    "pt": "portuguese",
    "fr": "french",
    "de": "german",
    "ru": "russian",
}
_APOSTROPHES = re.compile(r"['’‘`´]")
# French and other elisions ("l'intérêt", "j'ai", "qu'il") split into two words; English
# contractions ("i'm", "don't") join into one ("im", "dont"), as people type them anyway.
_ELISION = re.compile(r"\b(?:[b-hj-z]|qu)['’‘`´](?=\w)")
_SEPARATORS = re.compile(r"[^\w]+|_")
_DIGIT_LETTER = re.compile(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)")
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")  # "hiiiips" -> "hips": shouting, not spelling
_LATIN_LIMIT = "\u0250"  # below this: Latin letters, whose accents people often leave out
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def fold(text: str) -> str:
    """Lower-case, apostrophes removed, Latin accents dropped (other scripts keep theirs).

    Nothing is deleted: Cyrillic and every other script survive, only Latin accents go,
    because people type "cadera" and "cádera", "Hüfte" and "Hufte" alike.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _ELISION.sub(lambda m: m.group(0)[:-1] + " ", text)
    return strip_accents(_APOSTROPHES.sub("", text))


def strip_accents(text: str) -> str:
    """Drop the accents of Latin letters and turn ё into е; everything else is kept."""
    if text.isascii():
        return text
    kept: list[str] = []
    latin = False
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char):
            if latin:
                continue
        else:
            latin = char < _LATIN_LIMIT
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)).replace("ё", "е").replace("Ё", "Е")


def words(text: str) -> list[str]:
    """The words of a text, folded: letters and digits of any script, numbers split off."""
    text = _DIGIT_LETTER.sub(" ", fold(text))
    text = _REPEATS.sub(r"\1", text)
    return [w for w in _SEPARATORS.split(text) if w]


def clean(text: str) -> str:
    """The folded words of a text joined by single spaces (what safety patterns read)."""
    return " ".join(words(text))


def has_cyrillic(text: str) -> bool:
    """True when the text contains Cyrillic letters."""
    return _CYRILLIC.search(text) is not None


@functools.cache
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(_SNOWBALL[language])


@functools.lru_cache(maxsize=65536)
def stem(word: str, language: str = "en") -> str:
    """The Snowball stem of a folded word in a language; numbers stay as they are."""
    if word.isdigit():
        return word
    if has_cyrillic(word) and language != "ru":
        language = "ru"  # a Cyrillic word is stemmed as Russian whatever the guess
    return str(_stemmer(language).stemWord(word))
