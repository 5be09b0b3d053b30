"""Column lists and the score-bucket upserts shared by the challenge repositories."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.challenges.storage.models import (
    ChallengeMemberRow,
    ChallengeRow,
    ChallengeScoreRow,
    ChatGroupRow,
)
from bot.storage.models import Base

_C = ChallengeRow
_M = ChallengeMemberRow
_S = ChallengeScoreRow

CHALLENGE_COLUMNS = (
    _C.id,
    _C.group_id,
    ChatGroupRow.platform,
    _C.name,
    _C.metric,
    _C.start_date,
    _C.end_date,
    _C.timezone,
    _C.channel_id,
    _C.starts_at,
    _C.ends_at,
    _C.ended_early,
    _C.announced_at,
    _C.standings_week,
    _C.members,
)
MEMBER_COLUMNS = (
    _M.id,
    _M.athlete_id,
    _M.display_name,
    _M.hidden,
    _M.score,
    _M.day,
    _M.day_amount,
    _M.run,
    _M.version,
)
# Core tables: plain inserts/updates skip the ORM's bulk-statement handling.
TABLES = Base.metadata.tables
SCORES = TABLES[_S.__tablename__]


def _score_upsert(dialect: Any) -> Any:
    """Add a delta to one (challenge, score) bucket, creating it when missing; run with a list
    of rows (executemany), one statement for every size, so SQLAlchemy's compiled cache serves
    it (a multi-row VALUES clause has no cache key and is compiled again at every run)."""
    statement = dialect.insert(SCORES).values(
        challenge_id=bindparam("challenge_id"),
        score=bindparam("score"),
        members=bindparam("members"),
    )
    return statement.on_conflict_do_update(
        index_elements=[_S.challenge_id, _S.score],
        set_={"members": SCORES.c.members + statement.excluded.members},
    )


DIALECTS = (("postgresql", postgresql), ("sqlite", sqlite))
SCORE_UPSERTS = {name: _score_upsert(dialect) for name, dialect in DIALECTS}


def dialect_of(session: AsyncSession) -> str:
    """The session's database as DIALECTS names it."""
    bind = session.bind
    return "postgresql" if bind is not None and bind.dialect.name == "postgresql" else "sqlite"


async def add_to_scores(
    session: AsyncSession, challenge_id: int, *changes: tuple[int, int]
) -> None:
    """Add (score, delta) pairs to one challenge's score buckets in one execution, creating
    new buckets.

    Pairs come in ascending score order, so concurrent writers lock buckets in one order.
    """
    rows = [
        {"challenge_id": challenge_id, "score": score, "members": delta} for score, delta in changes
    ]
    await session.execute(SCORE_UPSERTS[dialect_of(session)], rows)


def _recount(dialect: Any) -> Any:
    """One challenge's score buckets counted afresh from its visible members. A bucket that a
    concurrent log created after the old ones were deleted is overwritten, not a clash."""
    counted = dialect.insert(SCORES).from_select(
        ["challenge_id", "score", "members"],
        select(_M.challenge_id, _M.score, func.count())
        .where(_M.challenge_id == bindparam("challenge_id"), _M.hidden.is_(False))
        .group_by(_M.challenge_id, _M.score),
    )
    return counted.on_conflict_do_update(
        index_elements=[_S.challenge_id, _S.score], set_={"members": counted.excluded.members}
    )


RECOUNTS = {name: _recount(dialect) for name, dialect in DIALECTS}


def challenges_query() -> Any:
    """SELECT of every challenge column with its group's (join on chat_groups)."""
    return select(*CHALLENGE_COLUMNS).join(ChatGroupRow, ChatGroupRow.id == ChallengeRow.group_id)
