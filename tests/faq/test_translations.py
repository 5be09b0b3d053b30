"""Knowledge in Spanish and Portuguese: every entry and exercise, checked against English.

The catalogue test covers every language that has a folder under knowledge/translations
(Spanish here; Brazilian Portuguese once its files land); the rest shows that a broken
translation stops loading with a message naming its file.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from bot.faq.service import build_faq_service
from knowledge.exercises import Catalogue, load_exercises
from knowledge.faq import FaqEntry, load_faq
from knowledge.loading import KnowledgeError
from knowledge.translations import (
    KNOWLEDGE_LANGUAGES,
    TRANSLATIONS_DIR,
    available_languages,
    list_items,
    load_exercise_translations,
    load_faq_translations,
    load_language,
    numbers,
)


@pytest.fixture(scope="module")
def entries() -> list[FaqEntry]:
    return load_faq()


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_exercises()


def test_spanish_is_written_and_only_known_languages_have_folders() -> None:
    assert "es" in available_languages()
    folders = {p.name for p in TRANSLATIONS_DIR.iterdir() if p.is_dir()}
    assert folders <= set(KNOWLEDGE_LANGUAGES)


@pytest.mark.parametrize("language", available_languages())
def test_every_entry_and_exercise_is_translated_with_the_same_shape(
    language: str, entries: list[FaqEntry], catalogue: Catalogue
) -> None:
    pack = load_language(language, entries, catalogue)
    assert set(pack.faq) == {e.id for e in entries}
    assert set(pack.exercises) == set(catalogue.ids)
    for entry in entries:
        translated = pack.faq[entry.id]
        assert translated.title != entry.title, f"{language}/{entry.id}: title left in English"
        assert translated.answer != entry.answer, f"{language}/{entry.id}: answer in English"
        assert list_items(translated.answer) == list_items(entry.answer)
        assert numbers(translated.more) == numbers(entry.more)
    for exercise in catalogue:
        assert len(pack.exercises[exercise.id].cues) == len(exercise.cues)


def test_list_items_and_numbers_are_read_the_same_way_in_every_convention() -> None:
    text = "Intro 2,000\n- one 1.5\n* two\n1. three\n2) four\nnot - a list"
    assert list_items(text) == 4
    assert numbers(text) == numbers("2.000 y 1,5, 1 y 2") == {"2000", "1", "5", "2"}


def _spanish_copy(tmp_path: Path) -> Path:
    root = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS_DIR / "es", root / "es")
    return root


def _edit(path: Path, **fields: object) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(fields)
    for key in [k for k, v in fields.items() if v is None]:
        del data[key]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _answer(root: Path, entry_id: str) -> str:
    data = yaml.safe_load((root / "es" / "faq" / f"{entry_id}.yaml").read_text(encoding="utf-8"))
    return str(data["answer"])


@pytest.mark.parametrize(
    ("entry_id", "change", "message"),
    [
        ("clamshells", {"more": None}, "must too"),
        ("cardio", {"more": "Más texto."}, "must too"),
        ("sets-and-reps", {"title": "¿Cuántas series?", "answer": "Una línea."}, "list items"),
        ("genetics", {"title": "Sin signo de pregunta"}, "title must be a question"),
        ("genetics", {"answer": "x" * 901}, "limit is 900"),
        ("genetics", {"id": "causes"}, "must match the file name"),
        ("genetics", {"phrasings": ["¿son genéticos?"]}, "Extra inputs"),
    ],
)
def test_a_broken_faq_translation_is_refused_naming_its_file(
    tmp_path: Path, entries: list[FaqEntry], entry_id: str, change: dict[str, object], message: str
) -> None:
    root = _spanish_copy(tmp_path)
    path = root / "es" / "faq" / f"{entry_id}.yaml"
    _edit(path, **change)
    with pytest.raises(KnowledgeError, match=message) as refused:
        load_faq_translations(root / "es" / "faq", entries)
    assert str(path) in str(refused.value)


def test_a_changed_number_in_a_list_is_refused(tmp_path: Path, entries: list[FaqEntry]) -> None:
    root = _spanish_copy(tmp_path)
    path = root / "es" / "faq" / "sets-and-reps.yaml"
    _edit(path, answer=_answer(root, "sets-and-reps").replace("30 a 60", "30 a 90"))
    with pytest.raises(KnowledgeError, match=r"missing \['60'\], extra \['90'\]"):
        load_faq_translations(root / "es" / "faq", entries)


def test_a_missing_extra_or_unreadable_file_is_refused(
    tmp_path: Path, entries: list[FaqEntry]
) -> None:
    root = _spanish_copy(tmp_path)
    folder = root / "es" / "faq"
    (folder / "hydration.yaml").unlink()
    with pytest.raises(KnowledgeError, match="no translation for: hydration"):
        load_faq_translations(folder, entries)
    shutil.copy(TRANSLATIONS_DIR / "es" / "faq" / "hydration.yaml", folder)
    (folder / "made-up.yaml").write_text("id: made-up\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=re.escape("made-up.yaml: no English entry")):
        load_faq_translations(folder, entries)
    (folder / "made-up.yaml").unlink()
    (folder / "toning.yaml").write_text("id: toning\ntitle: [unclosed\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=re.escape("toning.yaml: cannot read YAML")):
        load_faq_translations(folder, entries)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("glute-bridge"), "no translation for: glute-bridge"),
        (lambda d: d.update({"lunge-of-doom": d["lateral-lunge"]}), "unknown exercise"),
        (lambda d: d["clamshell"]["cues"].pop(), "clamshell: 2 cues where English has 3"),
        (lambda d: d["kickback-45"].update(name="Patada a 30 grados"), "numbers differ"),
        (lambda d: d["hip-thrust"].update(cue="una"), "Extra inputs"),
    ],
)
def test_a_broken_exercise_translation_is_refused_naming_its_file(
    tmp_path: Path, catalogue: Catalogue, change: object, message: str
) -> None:
    path = tmp_path / "exercises.yaml"
    data = yaml.safe_load((TRANSLATIONS_DIR / "es" / "exercises.yaml").read_text("utf-8"))
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=message) as refused:
        load_exercise_translations(path, catalogue)
    assert str(path) in str(refused.value)


def test_a_broken_translation_stops_the_faq_service_from_starting(tmp_path: Path) -> None:
    root = _spanish_copy(tmp_path)
    broken = root / "es" / "faq" / "cardio.yaml"
    broken.write_text("id: cardio\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=re.escape(str(broken))):
        build_faq_service(translations=root)
