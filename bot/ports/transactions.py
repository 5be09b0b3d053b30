"""What a unit of work raises when it lost a race and must be run again."""

from __future__ import annotations


class Conflict(Exception):
    """The transaction lost a race with another writer: nothing of it may be committed; run
    the whole unit of work again, from a fresh read of the stored state."""
