"""The challenge log path's statements, built once: a log runs them with parameters only.

Rebuilding select()/insert()/update() objects on every log dominated its cost; these are
compiled once per dialect, and on SQLite written straight on the driver (driver_path.py).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.challenge_models import (
    ChallengeLogRow,
    ChallengeMemberRow,
    ChallengeRow,
    ChallengeScoreRow,
    ChatGroupRow,
    TrainingLogRow,
)
from bot.storage.driver_path import SqliteStatement, run, sqlite_driver
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
)


_ACTIVE_COLUMNS = (*MEMBER_COLUMNS, *CHALLENGE_COLUMNS)
# Core tables: plain inserts/updates skip the ORM's bulk-statement handling.
_TABLES = Base.metadata.tables
_MEMBERS = _TABLES[_M.__tablename__]
_SCORES = _TABLES[_S.__tablename__]


def _active(kinds: Any, in_group: bool) -> Any:
    """Visible memberships of one athlete in running challenges of some metrics."""
    query = (
        select(*_ACTIVE_COLUMNS)
        .join(_C, _C.id == _M.challenge_id)
        .join(ChatGroupRow, ChatGroupRow.id == _C.group_id)
        .where(
            _M.athlete_id == bindparam("athlete_id"),
            _M.hidden.is_(False),
            _C.starts_at <= bindparam("at"),
            _C.ends_at > bindparam("at"),
            _C.metric.in_(kinds),
        )
    )
    if in_group:
        query = query.where(
            ChatGroupRow.platform == bindparam("platform"),
            ChatGroupRow.external_id == bindparam("external_id"),
        )
    return query.order_by(_C.id)  # a fixed lock order


def _insert(table: Any, *names: str) -> Any:
    return insert(table).values({name: bindparam(name) for name in names})


ACTIVE = {
    in_group: _active(bindparam("kinds", expanding=True), in_group) for in_group in (False, True)
}
# SQLite driver versions for one or two metrics (a log names one, sessions/streak are two).
ACTIVE_SQLITE = {
    (count, in_group): SqliteStatement(
        _active([bindparam(f"kind{n}") for n in range(count)], in_group), _ACTIVE_COLUMNS
    )
    for count in (1, 2)
    for in_group in (False, True)
}
ADD_TRAINING_LOG = _insert(
    _TABLES[TrainingLogRow.__tablename__],
    "athlete_id",
    "kind",
    "exercise_id",
    "amount",
    "logged_at",
)
ADD_CHALLENGE_LOG = _insert(
    _TABLES[ChallengeLogRow.__tablename__],
    "challenge_id",
    "athlete_id",
    "local_day",
    "amount",
    "source",
    "logged_at",
)
SAVE_MEMBER = (
    update(_MEMBERS)
    .where(_MEMBERS.c.id == bindparam("member_id"))
    .values(
        score=bindparam("score"),
        day=bindparam("day"),
        day_amount=bindparam("day_amount"),
        run=bindparam("run"),
    )
)
SAVE_MEMBER_TIE = SAVE_MEMBER.values(tie_key=bindparam("tie_key"))
SAVE_MEMBER_NAME = SAVE_MEMBER.values(display_name=bindparam("display_name"))
SAVE_MEMBER_TIE_NAME = SAVE_MEMBER_TIE.values(display_name=bindparam("display_name"))


def _score_upsert(dialect: Any, pairs: int) -> Any:
    """Add (score, delta) pairs to the buckets of one challenge, creating missing buckets."""
    rows: list[dict[str, Any]] = [
        {
            "challenge_id": bindparam("challenge_id"),
            "score": bindparam(f"score{n}"),
            "members": bindparam(f"delta{n}"),
        }
        for n in range(pairs)
    ]
    statement = dialect.insert(_SCORES).values(rows)
    return statement.on_conflict_do_update(
        index_elements=[_S.challenge_id, _S.score],
        set_={"members": _SCORES.c.members + statement.excluded.members},
    )


SCORE_UPSERTS = {
    (name, pairs): _score_upsert(dialect, pairs)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
    for pairs in (1, 2)
}
_SQLITE = {
    statement: SqliteStatement(statement)
    for statement in (
        ADD_TRAINING_LOG,
        ADD_CHALLENGE_LOG,
        SAVE_MEMBER,
        SAVE_MEMBER_TIE,
        SAVE_MEMBER_NAME,
        SAVE_MEMBER_TIE_NAME,
        SCORE_UPSERTS["sqlite", 1],
        SCORE_UPSERTS["sqlite", 2],
    )
}


async def write_prebuilt(session: AsyncSession, statement: Any, values: dict[str, Any]) -> None:
    """Run a prebuilt write: on SQLite straight on the driver, elsewhere through SQLAlchemy."""
    driver = await sqlite_driver(session)
    if driver is None:
        await session.execute(statement, values)
    else:
        await run(driver, _SQLITE[statement], values)
