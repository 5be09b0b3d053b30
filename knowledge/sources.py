"""What every knowledge file shares: the articles it may cite and the id format."""

from __future__ import annotations

import re

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
