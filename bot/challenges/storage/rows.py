"""Challenge rows as domain objects, and the tie key boards order by."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.challenges.rules import Challenge, Group, Membership, MemberState, Metric
from bot.challenges.storage.models import ChatGroupRow
from bot.challenges.storage.statements import MEMBER_COLUMNS
from bot.storage.times import aware

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def tie_key(at: datetime) -> int:
    """Negated microseconds since the epoch: a higher key means the score was reached earlier."""
    return -((at - EPOCH) // timedelta(microseconds=1))


def group_from_row(row: ChatGroupRow) -> Group:
    """A group from its row."""
    return Group(
        row.id,
        row.platform,
        row.external_id,
        row.title,
        row.timezone,
        row.moderator_role,
        row.language,
    )


def challenge_from_row(row: Any) -> Challenge:
    """A challenge from CHALLENGE_COLUMNS."""
    return Challenge(
        id=row[0],
        group_id=row[1],
        platform=row[2],
        name=row[3],
        metric=Metric.from_stored(row[4]),
        start=row[5],
        end=row[6],
        timezone=row[7],
        channel_id=row[8],
        starts_at=aware(row[9]),
        ends_at=aware(row[10]),
        ended_early=row[11],
        announced=row[12] is not None,
        standings_week=row[13],
        members=row[14],
    )


def membership_in(challenge: Challenge, row: Any) -> Membership:
    """A membership in `challenge` from MEMBER_COLUMNS."""
    state = MemberState(row[4], row[5], row[6], row[7])
    return Membership(row[0], challenge, row[1], row[2], row[3], state, row[8])


def membership_from_row(row: Any) -> Membership:
    """A membership from MEMBER_COLUMNS followed by CHALLENGE_COLUMNS."""
    return membership_in(challenge_from_row(row[len(MEMBER_COLUMNS) :]), row)
