"""The log path's statements, compiled once per dialect: a log runs them with parameters only.

SQLite: the training log, the memberships it may credit, then one small write per row. The
first insert takes SQLite's single write lock, so nobody changes a member between the read and
the write.

PostgreSQL: two statements in all. The first inserts the training log and reads the
memberships, locking them (FOR UPDATE) so two logs of one athlete cannot both build on the same
totals; the second makes every write at once from arrays (unnest). A log is BEGIN, these two and
COMMIT: four round trips, where one statement per row took nine.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    Integer,
    String,
    any_,
    bindparam,
    func,
    insert,
    literal_column,
    select,
    update,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import TypeEngine

from bot.storage.challenge_models import (
    ChallengeLogRow,
    ChallengeMemberRow,
    ChallengeRow,
    ChallengeScoreRow,
    ChatGroupRow,
    TrainingLogRow,
)
from bot.storage.challenge_statements import (
    CHALLENGE_COLUMNS,
    MEMBER_COLUMNS,
    SCORE_UPSERTS,
    SCORES,
    TABLES,
)
from bot.storage.driver_path import DriverStatement

_C = ChallengeRow
_M = ChallengeMemberRow
ACTIVE_COLUMNS = (*MEMBER_COLUMNS, *CHALLENGE_COLUMNS)
_MEMBERS = TABLES[_M.__tablename__]
_LOGS = TABLES[ChallengeLogRow.__tablename__]
_TRAINING = TABLES[TrainingLogRow.__tablename__]
_TRAINING_FIELDS = ("athlete_id", "kind", "exercise_id", "amount", "logged_at")
LOG_FIELDS = ("challenge_id", "athlete_id", "local_day", "amount", "source", "logged_at")
MEMBER_FIELDS = ("id", "score", "day", "day_amount", "run", "tie_key", "display_name")
BUCKET_FIELDS = ("challenge_id", "score", "members")


def _active(metric_matches: Any, in_group: bool) -> Any:
    """Visible memberships of one athlete in running challenges of some metrics."""
    query = (
        select(*ACTIVE_COLUMNS)
        .join(_C, _C.id == _M.challenge_id)
        .join(ChatGroupRow, ChatGroupRow.id == _C.group_id)
        .where(
            _M.athlete_id == bindparam("athlete_id"),
            _M.hidden.is_(False),
            _C.starts_at <= bindparam("at"),
            _C.ends_at > bindparam("at"),
            metric_matches,
        )
    )
    if in_group:
        query = query.where(
            ChatGroupRow.platform == bindparam("platform"),
            ChatGroupRow.external_id == bindparam("external_id"),
        )
    return query.order_by(_C.id)  # one lock order for every transaction


def _insert(table: Any, *names: str) -> Any:
    return insert(table).values({name: bindparam(name) for name in names})


def _add_training() -> Any:
    return _insert(_TRAINING, *_TRAINING_FIELDS)


def _add_training_relaxed() -> Any:
    """The training log, in a transaction that commits without waiting for the disk (PostgreSQL).

    synchronous_commit=off for this transaction only: a log no longer waits for a WAL flush,
    which on a busy disk is most of its time. A crash of the database server (not of the bot)
    may lose the last fraction of a second of logs, always whole logs with their credits.
    Set inside the insert, which always runs, so it costs no round trip of its own.
    """
    relaxed = select(
        func.set_config(
            literal_column("'synchronous_commit'"), literal_column("'off'"), literal_column("true")
        ).label("relaxed")
    ).subquery("relaxed_commit")
    values = [bindparam(name, type_=_TRAINING.c[name].type) for name in _TRAINING_FIELDS]
    return insert(_TRAINING).from_select(
        list(_TRAINING_FIELDS), select(*values).select_from(relaxed)
    )


@dataclass(frozen=True)
class SqliteCredits:
    """SQLite: one statement per row, run straight on the driver."""

    add_training: DriverStatement
    active: dict[tuple[int, bool], DriverStatement]  # (number of metrics, in one group)
    add_log: DriverStatement
    save_member: DriverStatement
    add_to_scores: dict[int, DriverStatement]  # by number of (score, delta) pairs


@dataclass(frozen=True)
class PostgresCredits:
    """PostgreSQL: the training log with the locked memberships, then every write at once."""

    active: dict[tuple[bool, bool], DriverStatement]  # (with the training log, in one group)
    save: DriverStatement


def _save_member() -> Any:
    """New totals; a new tie key only when the score rose, a new name only when it changed."""
    return (
        update(_MEMBERS)
        .where(_MEMBERS.c.id == bindparam("member_id"))
        .values(
            score=bindparam("score"),
            day=bindparam("day"),
            day_amount=bindparam("day_amount"),
            run=bindparam("run"),
            tie_key=func.coalesce(bindparam("tie_key", type_=BigInteger()), _MEMBERS.c.tie_key),
            display_name=func.coalesce(
                bindparam("display_name", type_=String()), _MEMBERS.c.display_name
            ),
        )
    )


@cache
def sqlite_credits() -> SqliteCredits:
    """The SQLite statements, compiled on first use."""
    return SqliteCredits(
        add_training=DriverStatement(_add_training(), "sqlite"),
        active={
            (count, in_group): DriverStatement(
                _active(_C.metric.in_([bindparam(f"kind{n}") for n in range(count)]), in_group),
                "sqlite",
                ACTIVE_COLUMNS,
            )
            for count in (1, 2)
            for in_group in (False, True)
        },
        add_log=DriverStatement(_insert(_LOGS, *LOG_FIELDS), "sqlite"),
        save_member=DriverStatement(_save_member(), "sqlite"),
        add_to_scores={
            pairs: DriverStatement(SCORE_UPSERTS["sqlite", pairs], "sqlite") for pairs in (1, 2)
        },
    )


def _unnest(prefix: str, **columns: TypeEngine[Any]) -> Any:
    """Rows from parallel array parameters `<prefix>_<column>`."""
    arrays = [bindparam(f"{prefix}_{name}", type_=ARRAY(type_)) for name, type_ in columns.items()]
    return func.unnest(*arrays).table_valued(*columns).render_derived(name=prefix)


def _save_all() -> Any:
    """Challenge logs, member totals and score buckets of one log, in one statement."""
    logs = _unnest(
        "log",
        challenge_id=BigInteger(),
        athlete_id=BigInteger(),
        local_day=Date(),
        amount=Integer(),
        source=String(),
        logged_at=DateTime(timezone=True),
    )
    members = _unnest(
        "member",
        id=BigInteger(),
        score=Integer(),
        day=Date(),
        day_amount=Integer(),
        run=Integer(),
        tie_key=BigInteger(),
        display_name=String(),
    )
    buckets = _unnest("bucket", challenge_id=BigInteger(), score=Integer(), members=Integer())
    add_logs = insert(_LOGS).from_select(list(LOG_FIELDS), select(logs))
    save_members = (
        update(_MEMBERS)
        .where(_MEMBERS.c.id == members.c.id)
        .values(
            score=members.c.score,
            day=members.c.day,
            day_amount=members.c.day_amount,
            run=members.c.run,
            tie_key=func.coalesce(members.c.tie_key, _MEMBERS.c.tie_key),
            display_name=func.coalesce(members.c.display_name, _MEMBERS.c.display_name),
        )
    )
    add_buckets = postgresql.insert(SCORES).from_select(list(BUCKET_FIELDS), select(buckets))
    add_buckets = add_buckets.on_conflict_do_update(
        index_elements=[ChallengeScoreRow.challenge_id, ChallengeScoreRow.score],
        set_={"members": SCORES.c.members + add_buckets.excluded.members},
    )
    # Every data-modifying CTE runs to completion whether or not the query reads it.
    return select(literal_column("1")).add_cte(
        add_logs.cte("add_logs"), save_members.cte("save_members"), add_buckets.cte("buckets")
    )


@cache
def postgres_credits() -> PostgresCredits:
    """The PostgreSQL statements, compiled on first use."""
    metric_matches = _C.metric == any_(bindparam("kinds", type_=ARRAY(String())))
    active = {}
    for with_training in (False, True):
        for in_group in (False, True):
            query = _active(metric_matches, in_group).with_for_update(of=_M)
            if with_training:
                query = query.add_cte(_add_training_relaxed().cte("add_training"))
            active[with_training, in_group] = DriverStatement(query, "postgresql", ACTIVE_COLUMNS)
    return PostgresCredits(active=active, save=DriverStatement(_save_all(), "postgresql"))
