"""Rendering: readable console text and one platform-sized message per session."""

from __future__ import annotations

from bot.i18n import Catalog, Language
from bot.programs.generator import Prescription, Profile, Session, WeekFeedback, generate_week
from bot.programs.localise import localised
from bot.programs.model import WeekProgram
from bot.programs.notes import note_text, swap_note
from bot.programs.render import (
    MESSAGE_LIMIT,
    render_notes,
    render_session,
    render_text,
)
from knowledge.translations import TRANSLATIONS_DIR, load_exercise_translations
from tests.programs.helpers import CATALOGUE, all_profiles

PAINFUL_HISTORY = [WeekFeedback(0.2, True, frozenset(CATALOGUE.ids[:3]))] * 11


def test_every_session_and_the_notes_fit_one_message() -> None:
    longest = 0
    for profile in all_profiles():
        for week in (1, 5, 6, 12):
            program = generate_week(CATALOGUE, profile, week, PAINFUL_HISTORY)
            messages = [render_session(s) for s in program.sessions] + [render_notes(program)]
            longest = max(longest, *map(len, messages))
    assert longest <= MESSAGE_LIMIT


def test_console_text_shows_every_day_exercise_and_note() -> None:
    program = generate_week(CATALOGUE, Profile("strength", "dumbbells", "advanced", 4), 5)
    text = render_text(program)
    assert text.startswith("Week 5 (deload), goal strength: 4 sessions")
    for day in ("Monday", "Tuesday", "Thursday", "Friday"):
        assert day in text
    for session in program.sessions:
        for item in session.exercises:
            assert item.name in text and item.cue in text
    for note in program.notes:
        assert note in text


def test_timed_and_single_set_doses_read_naturally() -> None:
    item = Prescription(
        "x", "Hold", ("core",), ("bodyweight",), "stability", 1, None, 30, True, 3, None, 60, "Hi."
    )
    text = render_session(Session("sat", "Test", "lateral", (item,)))
    assert "1 set x 30 s per side, RIR 3, rest 60 s" in text and text.startswith("Saturday: Test")
    loaded = Prescription(
        "y",
        "Thrust",
        ("core",),
        ("barbell",),
        "compound",
        3,
        "8-12",
        None,
        False,
        2,
        "40 kg",
        120,
        "Up.",
    )
    text = render_session(Session("mon", "Test", "bridge", (loaded,)))
    assert "3 sets x 8-12 reps, RIR 2, 40 kg, rest 120 s" in text and "[main lift]" in text


def test_an_oversized_session_is_cut_at_a_line_break() -> None:
    item = Prescription(
        "x",
        "Long",
        ("core",),
        ("bodyweight",),
        "isolation",
        3,
        "8-12",
        None,
        False,
        1,
        None,
        60,
        "word " * 200,
    )
    text = render_session(Session("mon", "Too long", "lateral", (item,) * 10))
    assert len(text) <= MESSAGE_LIMIT
    assert text.endswith("(shortened)")


def test_a_spanish_program_names_the_exercises_in_its_notes_in_spanish() -> None:
    texts = load_exercise_translations(TRANSLATIONS_DIR / "es" / "exercises.yaml", CATALOGUE)
    renamed = [e for e in CATALOGUE if texts[e.id].name != e.name]
    painful = next(e for e in renamed if set(e.stresses) == {"knee", "hip"})
    gentler = next(e for e in renamed if not e.stresses)
    english = WeekProgram(1, "soften", False, (), (swap_note(painful, gentler),))
    shown = localised(english, CATALOGUE, texts)
    spanish = note_text(shown.notes[0], Catalog.load().translator(Language.ES))
    assert texts[painful.id].name in spanish and texts[gentler.id].name in spanish
    assert painful.name not in spanish and gentler.name not in spanish
    assert english.notes[0].startswith(f"You reported pain with {painful.name}")
