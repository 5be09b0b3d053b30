"""What every knowledge file shares: the articles it may cite and the id format."""

from __future__ import annotations

import re
from collections.abc import Sequence

# Hardcoded on purpose: the shared seed folder may be absent at runtime, and content may only
# cite the five articles it was written from.
SEED_FILES = frozenset(
    {
        "000_71cd72bfa74193fa.txt",
        "001_c9de2169747b29bd.txt",
        "002_d28bb033e6a04fa2.txt",
        "003_7656601c0789f301.txt",
        "004_565f113582d47d45.txt",
    }
)
# Each article's own title, for the one-line source note under an answer. Two files start
# with their title line (001, 004); the other three have none, so theirs is the title of the
# page the text was published under. 001's subtitle is left out: quoted in full, its
# fifteen words would be a copied run of the article's text for the seedcopy check.
SOURCE_TITLES: dict[str, str] = {
    "000_71cd72bfa74193fa.txt": "Why Men Get Hip Dips and What You Can Actually Do About Them",
    "001_c9de2169747b29bd.txt": "Getting Rid of Hip Dips",
    "002_d28bb033e6a04fa2.txt": "The Truth About Hip Dips: Why You Might Actually Want Them",
    "003_7656601c0789f301.txt": (
        "Workouts to Get Rid of Hip Dips: What Actually Works and Why Most Advice Fails"
    ),
    "004_565f113582d47d45.txt": (
        "Hip Dips: Understanding, Training Principles, and Effective Exercises"
    ),
}
KEBAB_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def seed_sources(value: tuple[str, ...]) -> tuple[str, ...]:
    """Validate a `sources` list: at least one, each a seed article file, none twice."""
    if not value:
        raise ValueError("sources must name at least one seed article")
    unknown = sorted(set(value) - SEED_FILES)
    if unknown:
        raise ValueError(f"unknown source file(s): {', '.join(unknown)}")
    if len(set(value)) != len(value):
        raise ValueError("sources contains duplicates")
    return value


def source_title(file: str) -> str:
    """The readable title of one seed article (KeyError for a file that is not one)."""
    return SOURCE_TITLES[file]


def source_titles(files: Sequence[str]) -> list[str]:
    """The distinct titles of the articles an answer draws on, in the order given."""
    return list(dict.fromkeys(source_title(f) for f in files))


def source_line(files: Sequence[str]) -> str:
    """One readable line naming the articles an answer draws on, in the order given.

    "Source: <title>" for one article, "Sources: <t1>; <t2>" for several, "" for none.
    Unknown file names raise KeyError (entries are validated against SEED_FILES on load).
    """
    titles = source_titles(files)
    if not titles:
        return ""
    label = "Source" if len(titles) == 1 else "Sources"
    return f"{label}: {'; '.join(titles)}"
