"""Translations: every message in every language, placeholders kept, locales parsed."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from bot.errors import BadInput
from bot.i18n import DOMAIN, LOCALES, Catalog, Language

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")
TRANSLATED = (Language.ES, Language.PT_BR)
# Translator.body and Translator.spans take a message id like gettext, NP_ a context and a
# Discord command or option name (scripts/i18n.sh -k).
KEYWORDS = {"body": None, "spans": None, "NP_": ((1, "c"), 2)}
Key = tuple[str | None, str]  # (gettext context, message id)


def extracted() -> dict[Key, tuple[str, ...]]:
    """The message ids in the source by context, as scripts/i18n.sh extracts them (babel.cfg)."""
    found: dict[Key, tuple[str, ...]] = {}
    keywords = {**DEFAULT_KEYWORDS, **KEYWORDS}
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), [("bot/**.py", "python"), ("handlers/**.py", "python")], keywords=keywords
    ):
        forms = message if isinstance(message, tuple) else (message,)
        found[context, forms[0]] = forms
    return found


def po(language: Language) -> PoCatalog:
    path = LOCALES / language.locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as source:
        return read_po(source, locale=language.locale)


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def test_the_source_has_messages_to_translate() -> None:
    ids = extracted()
    assert (None, "Saved.") in ids and (None, "what I do and my commands") in ids
    assert ("Discord command name", "profile") in ids
    assert any(len(forms) == 2 for forms in ids.values()), "no plural message extracted"


def check_entry(
    catalog: PoCatalog,
    msgid: str,
    forms: tuple[str, ...],
    language: Language,
    context: str | None = None,
) -> None:
    """One message: present, not fuzzy, every form written, the same `{placeholders}`."""
    entry = catalog.get(forms if len(forms) == 2 else msgid, context=context)
    assert entry is not None, f"{language}: missing {msgid!r} (run scripts/i18n.sh)"
    assert "fuzzy" not in entry.flags, f"{language}: fuzzy {msgid!r}"
    strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
    if len(forms) == 2:
        assert len(strings) == catalog.num_plurals, f"{language}: plural forms of {msgid!r}"
    for string in strings:
        assert string.strip(), f"{language}: untranslated {msgid!r}"
        # A command name may be the same word in both languages (rir).
        assert context or string not in forms, f"{language}: {msgid!r} left in English"
        found, wanted = placeholders(string), placeholders(msgid)
        assert found == wanted, f"{language}: {msgid!r} placeholder {found} != {wanted}"


@pytest.mark.parametrize("language", TRANSLATED, ids=str)
def test_every_message_is_translated_with_the_same_placeholders(language: Language) -> None:
    catalog = po(language)
    for (context, msgid), forms in extracted().items():
        check_entry(catalog, msgid, forms, language, context)


def test_no_message_is_built_where_babel_cannot_read_it(capsys: pytest.CaptureFixture[str]) -> None:
    """gettext on an f-string is skipped by extraction: that text would stay in English."""
    extracted()
    assert "Skipping f-string" not in capsys.readouterr().err


@pytest.mark.parametrize("language", TRANSLATED, ids=str)
def test_the_catalogue_holds_only_messages_the_source_still_uses(language: Language) -> None:
    ids = {
        (context, forms if len(forms) == 2 else msgid)
        for (context, msgid), forms in extracted().items()
    }
    stale = [e.id for e in po(language) if e.id and (e.context, e.id) not in ids]
    assert not stale, f"{language}: no longer in the source (run scripts/i18n.sh): {stale[:5]}"


@pytest.mark.parametrize("language", TRANSLATED, ids=str)
def test_a_translation_error_is_caught(language: Language) -> None:
    """The checks above fail on a fuzzy, empty or placeholder-changing entry."""
    catalog = po(language)
    entry = catalog["Use {usage}."]
    entry.string = "Usa {uso}."
    with pytest.raises(AssertionError, match="placeholder"):
        check_entry(catalog, "Use {usage}.", ("Use {usage}.",), language)
    entry.string = ""
    with pytest.raises(AssertionError, match="untranslated"):
        check_entry(catalog, "Use {usage}.", ("Use {usage}.",), language)
    entry.flags.add("fuzzy")
    with pytest.raises(AssertionError, match="fuzzy"):
        check_entry(catalog, "Use {usage}.", ("Use {usage}.",), language)


def test_catalogues_load_and_untranslated_text_falls_back_to_english() -> None:
    catalog = Catalog.load()
    spanish = catalog.translator(Language.ES)
    assert spanish.gettext("Saved.") == "Guardado."
    assert catalog.translator(Language.PT_BR).gettext("Saved.") == "Salvo."
    assert spanish.gettext("A sentence nobody translated.") == "A sentence nobody translated."
    assert Catalog.english().translator(Language.ES).gettext("Saved.") == "Saved."


def test_plurals_numbers_and_dates_follow_the_language() -> None:
    catalog = Catalog.load()
    one, many = "All set: {count} training day a week.", "All set: {count} training days a week."
    english = catalog.translator(Language.EN)
    assert english.ngettext(one, many, 1) == "All set: 1 training day a week."
    assert english.ngettext(one, many, 3) == "All set: 3 training days a week."
    portuguese = catalog.translator(Language.PT_BR)
    assert portuguese.ngettext(one, many, 1).endswith("1 dia por semana.")
    assert portuguese.ngettext(one, many, 4).endswith("4 dias por semana.")
    assert catalog.translator(Language.ES).ngettext(one, many, 2).endswith("2 días a la semana.")
    assert english.number(1234.5) == "1,234.5"
    assert portuguese.number(1234.5) == "1.234,5"
    saturday = date(2026, 12, 5)
    assert english.weekday(saturday) == "Saturday"
    assert catalog.translator(Language.ES).weekday(saturday) == "sábado"
    assert "dez" in portuguese.date(saturday)


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("es-ES", Language.ES),
        ("es-419", Language.ES),
        ("es", Language.ES),
        ("pt-BR", Language.PT_BR),
        ("pt-br", Language.PT_BR),
        ("pt", Language.PT_BR),
        ("pt_BR.UTF-8", Language.PT_BR),
        ("en-GB", Language.EN),
        ("fr", Language.EN),
        ("C.UTF-8", Language.EN),
        ("", Language.EN),
        (None, Language.EN),
    ],
)
def test_platform_locales_map_to_a_language(code: str | None, language: Language) -> None:
    assert Language.parse(code) is language


def test_choosing_a_language_the_bot_does_not_speak_is_refused() -> None:
    assert Language.choose("pt-BR") is Language.PT_BR
    assert Language.choose("ES") is Language.ES
    with pytest.raises(BadInput, match="en, es, pt-BR"):
        Language.choose("klingon")
