"""Athletes, their platform accounts and their training profile."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import BadInput
from bot.marks import N_
from bot.numbers import whole_number

GOALS = ("soften", "emphasize", "strength")
EQUIPMENT = ("none", "bands", "dumbbells", "gym")
LEVELS = ("beginner", "intermediate", "advanced")
DAYS_PER_WEEK = (2, 3, 4)
AVOIDABLE = ("knee", "back", "hip")


@dataclass(frozen=True, slots=True)
class Account:
    """One platform account linked to an athlete."""

    platform: str
    external_id: str
    athlete_id: int
    display_name: str = ""
    dm_chat_id: str | None = None
    reachable: bool = True
    # The athlete's language as read with the account for a message the bot starts ("" when
    # not read: the platform's language then decides).
    language: str = ""


@dataclass(frozen=True, slots=True)
class Athlete:
    """A person, whichever platforms they use."""

    id: int
    created_at: datetime
    dms_stopped: bool = False
    disclaimer_seen: bool = False
    language: str | None = None


@dataclass(frozen=True, slots=True)
class TrainingProfile:
    """What the program generator needs to know about an athlete."""

    goal: str | None = None
    equipment: str | None = None
    level: str | None = None
    days_per_week: int | None = None
    avoid: frozenset[str] = field(default_factory=frozenset)
    timezone: str | None = None

    @property
    def complete(self) -> bool:
        """True when every field a program needs is set."""
        return None not in (self.goal, self.equipment, self.level, self.days_per_week)

    def missing(self) -> list[str]:
        """Names of the fields still unset, in the order the set-up flow asks them."""
        values = {
            "goal": self.goal,
            "equipment": self.equipment,
            "level": self.level,
            "days": self.days_per_week,
        }
        return [name for name, value in values.items() if value is None]

    def with_field(self, name: str, raw: str) -> TrainingProfile:
        """Return a copy with one field set from user text; BadInput when the value is wrong."""
        value = raw.strip()
        lowered = value.lower()
        if name == "goal":
            return replace(self, goal=_choice(lowered, GOALS, "goal"))
        if name == "equipment":
            return replace(self, equipment=_choice(lowered, EQUIPMENT, "equipment"))
        if name == "level":
            return replace(self, level=_choice(lowered, LEVELS, "level"))
        if name == "days":
            days = whole_number(lowered, min(DAYS_PER_WEEK), max(DAYS_PER_WEEK))
            if days is None:
                raise BadInput(N_("Training days per week must be 2, 3 or 4."))
            return replace(self, days_per_week=days)
        if name == "avoid":
            return replace(self, avoid=parse_avoid(lowered))
        if name == "timezone":
            return replace(self, timezone=parse_timezone(value))
        raise BadInput(N_("Profile fields are: goal, equipment, level, days, avoid, timezone."))


def _choice(value: str, allowed: tuple[str, ...], label: str) -> str:
    if value not in allowed:
        raise BadInput(
            N_("The {field} must be one of: {choices}."), field=label, choices=", ".join(allowed)
        )
    return value


def parse_avoid(text: str) -> frozenset[str]:
    """Parse 'knee,back' (or 'none') into a set of avoided stresses."""
    if text.strip().lower() in ("", "none", "nothing", "-"):
        return frozenset()
    parts = {part.strip().lower() for part in text.replace(" ", ",").split(",") if part.strip()}
    unknown = parts - set(AVOIDABLE)
    if unknown:
        raise BadInput(
            N_("I can avoid: {parts} (comma-separated), or 'none'."), parts=", ".join(AVOIDABLE)
        )
    return frozenset(parts)


def parse_timezone(text: str) -> str:
    """Validate an IANA timezone name such as Europe/Berlin."""
    name = text.strip()
    if not name or len(name) > 64 or name.startswith("/") or ".." in name:
        raise BadInput(N_("Please give a timezone like Europe/Berlin or America/New_York."))
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "Europe" is a directory: OSError
        unknown = N_("I don't know the timezone {name}. Try a name like Europe/Berlin.")
        raise BadInput(unknown, name=repr(name[:64])) from None
    return name
