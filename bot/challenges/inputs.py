"""Checking what people type for a challenge: its name, metric, dates, exercise ids and the
amounts they log (pure; each bad value raises BadInput with a short explanation)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from bot import rich
from bot.challenges.rules import Metric
from bot.errors import BadInput
from bot.marks import N_
from bot.numbers import whole_number

NAME_MAX = 60
MAX_DAYS = 366


def validate_name(raw: str) -> str:
    """A challenge name: 1-60 printable characters, surrounding spaces dropped."""
    name = " ".join(raw.split())
    if not name or len(name) > NAME_MAX or not name.isprintable():
        raise BadInput(
            N_('A challenge name needs 1-{most} printable characters, in "quotes".'), most=NAME_MAX
        )
    return name


def name_key(name: str) -> str:
    """The case-insensitive form names are unique by within a group."""
    return name.casefold()


def parse_metric(text: str, exercises: Collection[str]) -> Metric:
    """Parse sessions | streak | reps:<exercise-id>; the exercise must be in the catalogue."""
    value = text.strip().lower()
    if value in ("sessions", "streak"):
        return Metric(value)
    kind, sep, exercise = value.partition(":")
    if kind == "reps" and sep:
        return Metric("reps", check_exercise(exercise, exercises))
    raise BadInput(N_("The metric must be sessions, streak or reps:<exercise-id>."))


def check_exercise(exercise: str, exercises: Collection[str]) -> str:
    """Return the exercise id if the catalogue has it, else explain how to find ids."""
    value = exercise.strip().lower()
    if value not in exercises:
        unknown = N_(
            "I don't know the exercise {exercise}. Exercise ids are the names in /program "
            "written with dashes, e.g. side-lying-leg-raise."
        )
        raise BadInput(unknown, exercise=repr(value[:40]))
    return value


def parse_date(text: str) -> date:
    """Parse YYYY-MM-DD."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        quoted = rich.literal(repr(text[:20]))
        raise BadInput(N_("{value} is not a date; use YYYY-MM-DD."), value=quoted) from None


def validate_dates(start: date, end: date, today: date) -> None:
    """The end comes after the start, the start is not in the past, at most a year long."""
    if start < today:
        raise BadInput(
            N_("The start date can't be in the past (today is {today})."), today=today.isoformat()
        )
    if end <= start:
        raise BadInput(N_("The end date must come after the start date."))
    if (end - start).days >= MAX_DAYS:
        raise BadInput(N_("A challenge can last at most {count} days."), count=str(MAX_DAYS))


def parse_amount(text: str, ceiling: int) -> int:
    """A positive whole number of sessions no bigger than `ceiling`."""
    value = text.strip().replace(",", "").replace("_", "")
    parsed = whole_number(value, 1)
    if parsed is None:
        raise BadInput(N_("The number of sessions must be a positive whole number."))
    amount = parsed
    if amount > ceiling:
        raise BadInput(N_("At most {count} sessions can be logged at once."), count=ceiling)
    return amount
