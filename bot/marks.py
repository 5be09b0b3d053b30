"""The translation marker, on its own so that every core module can mark its wording."""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark a string for extraction where it is declared; it is translated where shown."""
    return message
