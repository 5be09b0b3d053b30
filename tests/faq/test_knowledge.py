"""The FAQ knowledge files load, validate, and bad files are rejected with a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge.faq import (
    FAQ_DIR,
    MAX_ANSWER_CHARS,
    MAX_FIRST_LINE_CHARS,
    SAFETY_PATH,
    FaqEntry,
    KnowledgeError,
    load_faq,
    load_safety,
)
from knowledge.sources import SEED_FILES

# Topics the product brief requires the knowledge base to cover, by entry id.
REQUIRED_IDS = {
    "what-are-hip-dips",
    "causes",
    "genetics",
    "are-hip-dips-normal",
    "can-you-get-rid-of-hip-dips",
    "which-muscles",
    "tfl-and-it-band",
    "gluteus-maximus",
    "medius-can-deepen-dip",
    "spot-reduction",
    "fat-loss-vs-fat-gain",
    "squats",
    "best-exercises",
    "training-frequency",
    "sets-and-reps",
    "rest-and-recovery",
    "how-long-for-results",
    "progressive-overload",
    "activation-gluteal-amnesia",
    "fabric-vs-rubber-bands",
    "light-vs-heavy-band-work",
    "protein",
    "calories-surplus-deficit",
    "hydration",
    "posture-pelvic-tilt",
    "posing-and-filters",
    "clothing",
    "clothing-for-men",
    "surgery-and-fat-grafting",
    "fillers",
    "creams-and-massage",
    "hip-dips-in-men",
    "athletes",
    "how-to-get-hip-dips",
    "love-handles-saddlebags",
    "self-check-by-touch",
    "body-image",
    "when-to-see-a-professional",
    "hip-dip-exercise",
}


@pytest.fixture(scope="module")
def entries() -> list[FaqEntry]:
    """The real knowledge base."""
    return load_faq()


def _write(folder: Path, data: dict[str, object]) -> Path:
    path = folder / f"{data['id']}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _valid(entry_id: str = "sample", **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "id": entry_id,
        "title": "Is this a sample question?",
        "phrasings": ["one way", "another way", "a third way", "a fourth way"],
        "keywords": ["sample"],
        "answer": "Short summary.\n\nLonger detail.",
        "related": [],
        "sources": ["000_71cd72bfa74193fa.txt"],
    }
    data.update(changes)
    return data


def test_at_least_45_entries_with_required_topics(entries: list[FaqEntry]) -> None:
    assert len(entries) >= 45
    missing = REQUIRED_IDS - {e.id for e in entries}
    assert not missing, f"required topics missing: {sorted(missing)}"


def test_every_entry_is_complete_and_fits_one_message(entries: list[FaqEntry]) -> None:
    ids = {e.id for e in entries}
    for entry in entries:
        assert (FAQ_DIR / f"{entry.id}.yaml").is_file()
        assert entry.title.endswith("?")
        assert len(entry.phrasings) >= 4
        assert len(entry.answer) <= MAX_ANSWER_CHARS
        first, _, rest = entry.answer.partition("\n\n")
        assert len(first) <= MAX_FIRST_LINE_CHARS and rest.strip(), entry.id
        assert set(entry.related) <= ids and entry.related, entry.id
        assert set(entry.sources) <= SEED_FILES and entry.sources, entry.id


def test_titles_and_phrasings_are_unique(entries: list[FaqEntry]) -> None:
    titles = [e.title.lower() for e in entries]
    assert len(set(titles)) == len(titles)
    phrasings = [p.lower() for e in entries for p in e.phrasings]
    assert len(set(phrasings)) == len(phrasings)


def test_disagreements_between_articles_are_stated(entries: list[FaqEntry]) -> None:
    by_id = {e.id: e for e in entries}
    for entry_id in ("squats", "light-vs-heavy-band-work", "clamshells"):
        answer = by_id[entry_id].answer
        assert "agree" in answer or "differ" in answer, entry_id


def test_safety_rules_load_in_priority_order() -> None:
    config = load_safety()
    assert [c.category for c in config.categories] == [
        "crisis",
        "eating",
        "minor",
        "pregnancy",
        "medical",
    ]
    for category in config.categories:
        if category.category != "minor":  # decided by its own rule
            # "all": patterns written once with word classes, expanded into every language
            assert set(category.patterns) - {"all"} == {"en", "es", "pt", "fr", "de", "ru"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"related": ["no-such-entry"]}, "related id(s) not found: no-such-entry"),
        ({"sources": ["999_made_up.txt"]}, "unknown source file"),
        ({"answer": "Summary.\n\n" + "x" * 2000}, "limit is 900"),
        ({"answer": "y" * 200 + "\n\nDetail."}, "first line"),
        ({"phrasings": ["just one", "two"]}, "at least 4 phrasings"),
        ({"title": "Not a question"}, "must be a question"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_entry_is_rejected_naming_the_file(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    _write(tmp_path, _valid("good"))
    bad = _write(tmp_path, _valid("broken", **change))
    with pytest.raises(KnowledgeError) as caught:
        load_faq(tmp_path)
    assert str(bad) in str(caught.value)
    assert message in str(caught.value)


def test_id_must_match_file_name(tmp_path: Path) -> None:
    (tmp_path / "other-name.yaml").write_text(yaml.safe_dump(_valid("sample")), "utf-8")
    with pytest.raises(KnowledgeError, match="must match the file name"):
        load_faq(tmp_path)


def test_malformed_yaml_and_empty_folder_are_reported(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="no FAQ entries"):
        load_faq(tmp_path)
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"broken\.yaml"):
        load_faq(tmp_path)


def test_bad_safety_regex_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "safety.yaml"
    data = yaml.safe_load(SAFETY_PATH.read_text(encoding="utf-8"))
    data["categories"][0]["patterns"]["en"].append("(unclosed")
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(KnowledgeError, match="not a valid regex"):
        load_safety(path)
