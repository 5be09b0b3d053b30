"""Languages and translations: gettext catalogues (Babel) compiled in memory at start-up.

English is the source language: a message id is the English text, and a missing or empty
translation falls back to it. Placeholders are `{name}` fields filled after translation, so
translators may move them.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations

from bot import rich
from bot.errors import BadInput
from bot.marks import N_ as N_

DOMAIN = "hipcoach"
LOCALES = Path(__file__).parent / "locales"


class Language(StrEnum):
    """A language the bot speaks; the value is what users type and see (BCP 47)."""

    EN = "en"
    ES = "es"
    PT_BR = "pt-BR"

    @property
    def locale(self) -> str:
        """The Babel / gettext locale name (pt_BR)."""
        return self.value.replace("-", "_")

    @classmethod
    def parse(cls, code: str | None) -> Language:
        """The language of a platform locale (es-ES, es-419, pt-br, pt_BR.UTF-8); else English."""
        found = cls.spoken(code)
        return found if found is not None else cls.EN

    @classmethod
    def spoken(cls, code: str | None) -> Language | None:
        """The language of a locale code, or None when the bot does not speak it."""
        primary = (code or "").split(".")[0].replace("_", "-").split("-")[0].lower()
        # Any Portuguese speaker reads Brazilian Portuguese better than English.
        return {"en": cls.EN, "es": cls.ES, "pt": cls.PT_BR}.get(primary)

    @classmethod
    def choose(cls, text: str) -> Language:
        """The language a user asked for by code; BadInput for one the bot does not speak."""
        found = cls.spoken(text.strip()) if len(text.strip()) <= 16 else None
        if found is None:
            spoken = ", ".join(language.value for language in cls)
            raise BadInput(N_("I speak: {languages}."), languages=spoken)
        return found


WHOLE_NUMBERS_KEPT = 4096  # per translator; a full memo starts again


@dataclass(frozen=True)
class Translator:
    """Text, plurals, numbers and dates in one language."""

    language: Language
    translations: NullTranslations

    @cached_property
    def babel_locale(self) -> Locale:
        """Babel's locale, parsed once: formatting with a locale name parses it every time."""
        return Locale.parse(self.language.locale)

    def gettext(self, message: str, **values: object) -> str:
        """The message in this language, its `{placeholders}` filled."""
        text = self.translations.gettext(message)
        return text.format(**values) if values else text

    def pgettext(self, context: str, message: str) -> str:
        """A message id in a gettext context (one English word with two meanings)."""
        return str(self.translations.pgettext(context, message))

    def spans(self, message: str, **values: object) -> tuple[rich.Inline, ...]:
        """The message in this language as spans; each value a `Literal` unless it is a span."""
        return rich.named(self.translations.gettext(message), **self._numbers(values))

    def body(self, message: str, **values: object) -> rich.RichText:
        """The message in this language as a body (a blank line starts a paragraph)."""
        return rich.template(self.translations.gettext(message), **self._numbers(values))

    def _numbers(self, values: Mapping[str, object]) -> dict[str, object]:
        """Whole-number values written with this language's separators."""
        return {
            name: rich.literal(self.number(value))
            if isinstance(value, int) and not isinstance(value, bool)
            else value
            for name, value in values.items()
        }

    def ngettext(self, singular: str, plural: str, count: int, **values: object) -> str:
        """The plural form for `count` by the language's rules; `{count}` is formatted."""
        text = self.translations.ngettext(singular, plural, count)
        return text.format(count=self.number(count), **values)

    def number(self, value: float) -> str:
        """A number with this language's separators (1,234.5 / 1.234,5)."""
        if not isinstance(value, int) or isinstance(value, bool):
            return format_decimal(value, locale=self.babel_locale)
        known = self._whole_numbers  # Babel formats in tens of microseconds; most are repeats
        found = known.get(value)
        if found is None:
            if len(known) >= WHOLE_NUMBERS_KEPT:
                known.clear()
            found = known[value] = format_decimal(value, locale=self.babel_locale)
        return found

    @cached_property
    def _whole_numbers(self) -> dict[int, str]:
        """Whole numbers already formatted in this language (counts, scores, streaks)."""
        return {}

    def date(self, day: dt.date) -> str:
        """A day as people write it in this language (5 dic 2026)."""
        return format_date(day, format="medium", locale=self.babel_locale)

    def language_name(self, language: Language) -> str:
        """A language's name as this language writes it: Portuguese (Brazil), portugués (Brasil)."""
        return Locale.parse(language.locale).get_display_name(self.babel_locale) or language

    def weekday(self, day: dt.date) -> str:
        """The day's weekday name in this language (sábado)."""
        return format_date(day, format="EEEE", locale=self.babel_locale)

    def weekday_name(self, index: int, width: str = "abbreviated") -> str:
        """Weekday `index` (0 = Monday) by name: Mon / lun / seg. (width: wide, abbreviated)."""
        return str(self.babel_locale.days["format"][width][index])

    def pattern(self, moment: dt.date | dt.datetime, pattern: str) -> str:
        """A date or time in a CLDR pattern with this language's names ('EEE dd MMM, HH:mm')."""
        if isinstance(moment, dt.datetime):
            return format_datetime(moment, pattern, tzinfo=moment.tzinfo, locale=self.babel_locale)
        return format_date(moment, pattern, locale=self.babel_locale)

    def percent(self, whole: int) -> str:
        """A whole percentage as this language writes it (75% / 75 %)."""
        return format_percent(whole / 100, locale=self.babel_locale)


class Catalog:
    """One compiled translation per language, built once at start-up and injected."""

    def __init__(self, translations: Mapping[Language, NullTranslations]) -> None:
        self._translators = {
            language: Translator(language, translations.get(language, NullTranslations()))
            for language in Language
        }

    @classmethod
    def load(cls, folder: Path = LOCALES) -> Catalog:
        """Compile every language's .po file in memory (no .mo files are kept)."""
        loaded: dict[Language, NullTranslations] = {}
        for language in Language:
            path = folder / language.locale / "LC_MESSAGES" / f"{DOMAIN}.po"
            if path.exists():
                loaded[language] = compile_po(path, language)
        return cls(loaded)

    @classmethod
    def english(cls) -> Catalog:
        """Only the source language (tests and tools that need no translations)."""
        return cls({})

    def translator(self, language: Language) -> Translator:
        """The translator for a language."""
        return self._translators[language]


def english() -> Translator:
    """The source language alone, for text shown where no reader's language is known."""
    return Translator(Language.EN, NullTranslations())


def compile_po(path: Path, language: Language) -> Translations:
    """A .po file as gettext translations; fuzzy entries are left out, as msgfmt does."""
    with path.open("rb") as source:
        messages = read_po(source, locale=Locale.parse(language.locale), domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, messages, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)
