"""Intake figures written in words, read as digits for the intake rule only (safety10 round).

"ochocientas kcal diarias", "eu to fazendo setecentas", "six cents calories", "achthundert
Kalorien", "nine hundred a day": text2num reads en/es/pt/fr/de; Russian, which it does not
cover, is read from a small table of word forms (knowledge/safety.yaml, intake.number_words).
Each language gives its own reading of the words, so one language's number word never
mangles another's ("six" is English and French, "dos" Spanish and a Portuguese article), and
the fullest readings are kept.
The text other readers see is never changed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from text_to_num import alpha2digit

LIBRARY_LANGUAGES = ("en", "es", "pt", "fr", "de")
# Isolated numbers up to this stay words: "one meal", "neuf", "acht" are not intakes.
_ISOLATED_ABOVE = 99
# "unas novecientas" is about nine hundred, which the library reads as "1 900"; "ca" is the
# intake rule's own word for about.
_ABOUT = re.compile(r"\b(unas|unos|umas|uns)\b")
# Folded text has lost the umlauts the German reader needs ("funfhundert").
_GERMAN_UMLAUTS = ((re.compile(r"fu(e)?nf"), "fünf"), (re.compile(r"zwo(e)?lf"), "zwölf"))
_THOUSAND = 1000


def number_readings(words: list[str], russian: Mapping[str, float]) -> list[list[str]]:
    """The fullest readings of the words' numbers: of the words as written and one reading
    per language, those that join the most number words ("mil ochocientas" is 1800 in
    Spanish; Portuguese, which knows only "mil", would read 1000)."""
    text = " ".join(words)
    readings = [words]
    for language in LIBRARY_LANGUAGES:
        prepared = _prepared(text, language)
        read = alpha2digit(prepared, language, threshold=_ISOLATED_ABOVE)
        if read != prepared:
            readings.append(read.split())
    read_ru = _russian(words, russian)
    if read_ru != words:
        readings.append(read_ru)
    fullest = min(len(reading) for reading in readings)
    return [reading for reading in readings if len(reading) == fullest]


def _prepared(text: str, language: str) -> str:
    if language in ("es", "pt"):
        return _ABOUT.sub("ca", text)
    if language == "de":
        for folded, umlaut in _GERMAN_UMLAUTS:
            text = folded.sub(umlaut, text)
    return text


def _russian(words: list[str], table: Mapping[str, float]) -> list[str]:
    """Runs of Russian number words summed ("восемьсот пятьдесят" -> 850, "полторы тысячи"
    -> 1500); a lone word under a hundred stays a word ("один раз")."""
    out: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if word in table:
            run.append(word)
            continue
        if run:
            value = _sum_run(run, table)
            out.extend(run if len(run) == 1 and value <= _ISOLATED_ABOVE else [str(value)])
            run = []
        if word:
            out.append(word)
    return out


def _sum_run(run: list[str], table: Mapping[str, float]) -> int:
    values = [table[word] for word in run]
    if len(values) == 2 and values[0] == _THOUSAND and values[1] < 10:
        return int(values[1] * _THOUSAND)  # "тысячи три": about three thousand, said inverted
    thousands, rest = 0.0, 0.0
    for value in values:
        if value == _THOUSAND:
            thousands += (rest or 1) * _THOUSAND
            rest = 0.0
        else:
            rest += value
    return int(thousands + rest)
