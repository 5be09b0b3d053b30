"""Link codes and the merge rule for joining two platform accounts into one athlete.

Merge rule (documented for users in `link`): the athlete created first ("older") is kept.
Every row of the younger athlete moves to the older one; where both have a row that may
exist only once (the profile, a schedule, a membership of the same challenge, ...), the
older athlete's row wins and the younger one's is dropped. Rows without such a conflict
(check-ins, logs, history) are all kept: histories are unioned, never lost.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from bot.athletes.rules import Athlete
from bot.errors import BadInput
from bot.marks import N_

# No 0/O, 1/I/L: a code read aloud or copied from a phone should survive.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
MAX_CODE_INPUT = 20


@dataclass(frozen=True, slots=True)
class LinkCode:
    """A stored link code (only its hash is stored) and who asked for it."""

    athlete_id: int
    platform: str
    expires_at: datetime
    used_at: datetime | None = None


def new_code() -> str:
    """A fresh random code from the unambiguous alphabet."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str:
    """Upper-case the typed code without spaces or dashes; BadInput when it can't be one."""
    cleaned = text.strip()
    if len(cleaned) > MAX_CODE_INPUT:
        raise BadInput(
            N_("A link code has {count} characters, e.g. /link K7M3QX."), count=CODE_LENGTH
        )
    code = cleaned.upper().replace("-", "").replace(" ", "")
    if len(code) != CODE_LENGTH or any(char not in CODE_ALPHABET for char in code):
        wrong = N_(
            "A link code has {count} letters and digits, e.g. /link K7M3QX. "
            "Send /link on your other platform to get one."
        )
        raise BadInput(wrong, count=CODE_LENGTH)
    return code


def hash_code(code: str) -> str:
    """The stored form of a code: only the hash, so a database leak reveals no live code."""
    return hashlib.sha256(("hipcoach-link:" + code).encode()).hexdigest()


def older_first(first: Athlete, second: Athlete) -> tuple[Athlete, Athlete]:
    """(kept, dropped): the athlete created first is kept; ties go to the lower id."""
    if (first.created_at, first.id) <= (second.created_at, second.id):
        return first, second
    return second, first
