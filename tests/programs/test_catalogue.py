"""The exercise catalogue loads, covers the articles' exercises and rejects bad data clearly."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge.exercises import DEFAULT_PATH, CatalogueError, load_exercises
from tests.programs.helpers import CATALOGUE

SEEDS = Path("/work/shared/seeds")
BARBELL_LIFTS = {"barbell-hip-thrust", "barbell-romanian-deadlift"}
NAMED_IN_THE_ISSUE = {
    "clamshell",
    "side-lying-leg-raise",
    "standing-banded-abduction",
    "cable-hip-abduction",
    "abduction-machine",
    "lateral-band-walk",
    "fire-hydrant",
    "side-plank-abduction",
    "curtsy-lunge",
    "lateral-lunge",
    "lateral-step-up",
    "bulgarian-split-squat",
    "single-leg-rdl",
    "cable-kickback-45",
    "hip-thrust",
    "farmers-walk",
}


def _valid_entry(**changes: object) -> dict[str, object]:
    entry: dict[str, object] = {
        "id": "test-raise",
        "name": "Test raise",
        "muscles": ["gluteus medius"],
        "primary": ["gluteus medius"],
        "plane": "frontal",
        "role": "isolation",
        "equipment": ["bodyweight"],
        "level": "beginner",
        "reps": "10-20",
        "per_side": True,
        "cues": ["Lift slowly."],
        "progression": [],
        "regression": None,
        "stresses": [],
        "positions": [],
        "sources": ["004_565f113582d47d45.txt"],
    }
    entry.update(changes)
    return entry


def _write(tmp_path: Path, *entries: dict[str, object]) -> Path:
    path = tmp_path / "exercises.yaml"
    path.write_text(yaml.safe_dump({"exercises": list(entries)}), encoding="utf-8")
    return path


def test_default_catalogue_is_large_enough_and_has_the_named_exercises() -> None:
    assert len(CATALOGUE) >= 35
    assert set(CATALOGUE.ids) >= NAMED_IN_THE_ISSUE | BARBELL_LIFTS
    assert load_exercises(DEFAULT_PATH).ids == CATALOGUE.ids
    for lift in BARBELL_LIFTS:
        assert "barbell" in CATALOGUE.get(lift).equipment


def test_progressions_and_regressions_mirror_each_other_and_get_harder() -> None:
    for exercise in CATALOGUE:
        for target in exercise.progression:
            harder = CATALOGUE.get(target)
            assert harder.regression == exercise.id, exercise.id
            assert harder.level_rank >= exercise.level_rank, exercise.id
        if exercise.regression is not None:
            assert exercise.id in CATALOGUE.get(exercise.regression).progression, exercise.id


def test_positions_are_tagged_where_an_avoid_flag_depends_on_them() -> None:
    for exercise in CATALOGUE:
        cues = " ".join(exercise.cues).lower()
        if "hands and knees" in cues or "knees bent, body in one line" in cues:
            assert "kneeling" in exercise.positions, exercise.id
        if "lie on your side" in cues or "side plank" in cues or "clamshell" in cues:
            assert "side-lying" in exercise.positions, exercise.id
        if exercise.pattern in ("lunge", "squat"):
            assert "deep-knee-bend" in exercise.positions, exercise.id
    assert "hip-crossing-midline" in CATALOGUE.get("curtsy-lunge").positions
    assert "loaded-hinge" in CATALOGUE.get("barbell-romanian-deadlift").positions
    assert not CATALOGUE.get("barbell-hip-thrust").positions  # back-friendly: it stays
    assert "back" not in CATALOGUE.get("hip-thrust").stresses


def test_primary_muscles_and_sides_are_declared() -> None:
    for exercise in CATALOGUE:
        assert set(exercise.primary) <= set(exercise.muscles), exercise.id
        assert isinstance(exercise.per_side, bool)
    assert CATALOGUE.get("lateral-band-walk").per_side
    assert not CATALOGUE.get("barbell-hip-thrust").per_side


def test_gentle_bodyweight_options_exist_for_every_job() -> None:
    gentle = [
        ex
        for ex in CATALOGUE
        if ex.equipment == ("bodyweight",)
        and not ex.stresses
        and not ex.positions
        and ex.level == "beginner"
    ]
    jobs = {
        role: {ex.id for ex in gentle if ex.role == role and ex.loads_lateral_glutes}
        for role in ("activation", "isolation")
    }
    assert all(len(ids) >= 1 for ids in jobs.values()), jobs
    assert len({ex.id for ex in gentle if ex.role == "compound"}) >= 2


def test_sources_name_real_articles() -> None:
    if not SEEDS.is_dir():
        pytest.skip("source articles are not available here")
    names = {path.name for path in SEEDS.glob("*.txt")}
    for exercise in CATALOGUE:
        assert set(exercise.sources) <= names, exercise.id


def test_loads_a_valid_file_from_any_path(tmp_path: Path) -> None:
    catalogue = load_exercises(_write(tmp_path, _valid_entry()))
    assert catalogue.ids == ("test-raise",)
    assert catalogue.get("test-raise").rep_bounds == (10, 20)


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"muscles": ["glutes"]}, "unknown muscle"),
        ({"equipment": ["sandbag"]}, "unknown equipment"),
        ({"positions": ["upside-down"]}, "unknown position"),
        ({"primary": ["adductors"]}, "primary must name"),
        ({"role": "compound"}, "needs a pattern"),
        ({"stresses": ["shoulder"]}, "unknown stress"),
        ({"seconds": 30}, "exactly one of reps or seconds"),
        ({"reps": None}, "exactly one of reps or seconds"),
        ({"reps": "20-10"}, "reps must look like"),
        ({"progression": "test-raise"}, "its own progression"),
        ({"level": "expert"}, "level"),
        ({"cues": []}, "cue"),
        ({"sources": ["blog.html"]}, "sources"),
        ({"id": "Test Raise"}, "kebab-case"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_entries_are_rejected_naming_the_exercise(
    tmp_path: Path, changes: dict[str, object], fragment: str
) -> None:
    with pytest.raises(CatalogueError) as caught:
        load_exercises(_write(tmp_path, _valid_entry(**changes)))
    message = str(caught.value)
    assert fragment in message
    assert "exercise 'test-raise'" in message or "Test Raise" in message


def test_duplicate_ids_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="'test-raise': id is used twice"):
        load_exercises(_write(tmp_path, _valid_entry(), _valid_entry()))


def test_links_to_missing_exercises_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="'test-raise': progression 'nowhere' does not exist"):
        load_exercises(_write(tmp_path, _valid_entry(progression=["nowhere"])))


def test_links_that_do_not_point_back_are_rejected(tmp_path: Path) -> None:
    first = _valid_entry(id="first", progression=["second"])
    second = _valid_entry(id="second")
    with pytest.raises(CatalogueError, match="must name it as its regression"):
        load_exercises(_write(tmp_path, first, second))


def test_regression_loops_are_rejected(tmp_path: Path) -> None:
    first = _valid_entry(id="first", regression="second")
    second = _valid_entry(id="second", regression="first")
    with pytest.raises(CatalogueError, match="chain loops back"):
        load_exercises(_write(tmp_path, first, second))


def test_unreadable_or_shapeless_files_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="cannot read"):
        load_exercises(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("exercises: [unclosed", encoding="utf-8")
    with pytest.raises(CatalogueError, match="cannot read"):
        load_exercises(broken)
    empty = tmp_path / "empty.yaml"
    empty.write_text("something: else\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="'exercises:' list"):
        load_exercises(empty)
    not_a_mapping = _write(tmp_path, "just text")  # type: ignore[arg-type]
    with pytest.raises(CatalogueError, match="entry 1: expected a mapping"):
        load_exercises(not_a_mapping)


def test_every_muscle_and_equipment_word_is_marked_for_translation() -> None:
    from bot.programs.vocabulary import EQUIPMENT, MUSCLES
    from knowledge.exercises import load_exercises

    catalogue = load_exercises()
    exercises = [catalogue.get(exercise_id) for exercise_id in catalogue.ids]
    assert {m for e in exercises for m in e.muscles} <= set(MUSCLES)
    assert {q for e in exercises for q in e.equipment} <= set(EQUIPMENT)
