"""Parsing whole numbers typed by users: ASCII digits only, always within bounds."""

from __future__ import annotations

# Database ids are signed 64-bit; anything larger is a forged or mistyped value.
MAX_ID = 2**63 - 1


def whole_number(text: str, low: int = 0, high: int = MAX_ID) -> int | None:
    """The number in `text` if it is plain ASCII digits within [low, high], else None.

    str.isdigit() alone accepts characters such as '²' that int() rejects, and unbounded
    digits overflow database integers; both come from user text and button data.
    """
    stripped = text.strip()
    if not stripped or len(stripped) > 19 or not (stripped.isascii() and stripped.isdigit()):
        return None
    value = int(stripped)
    return value if low <= value <= high else None
