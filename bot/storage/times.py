"""Stored moments as aware datetimes: SQLite hands them back naive, and every one is UTC."""

from __future__ import annotations

from datetime import UTC, datetime


def aware(moment: datetime) -> datetime:
    """The moment with its UTC zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def aware_or_none(moment: datetime | None) -> datetime | None:
    """`aware` for a column that may be empty."""
    return None if moment is None else aware(moment)
