"""The readable source line shown under every answer."""

from __future__ import annotations

import pytest

from knowledge.sources import SEED_FILES, SOURCE_TITLES, source_line

ONE, TWO = sorted(SEED_FILES)[:2]


def test_every_seed_article_has_a_title() -> None:
    assert set(SOURCE_TITLES) == SEED_FILES
    assert all(title.strip() == title and title for title in SOURCE_TITLES.values())
    assert len(set(SOURCE_TITLES.values())) == len(SOURCE_TITLES)


def test_one_source_is_singular() -> None:
    assert source_line([ONE]) == f"Source: {SOURCE_TITLES[ONE]}"


def test_several_sources_are_joined_in_order_without_repeats() -> None:
    line = source_line([TWO, ONE, TWO])
    assert line == f"Sources: {SOURCE_TITLES[TWO]}; {SOURCE_TITLES[ONE]}"


def test_no_sources_gives_no_line() -> None:
    assert source_line([]) == ""


def test_unknown_file_is_refused() -> None:
    with pytest.raises(KeyError):
        source_line(["999_unknown.txt"])
