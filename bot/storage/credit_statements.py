"""The log path's statements, compiled once per dialect: a log runs them with parameters only.

SQLite: the training log, the memberships it may credit, then one small write per row. The
first insert takes SQLite's single write lock, so nobody changes a member between the read and
the write.

PostgreSQL: two statements in all. The first inserts the training log and reads the
memberships, locking them (FOR UPDATE) so two logs of one athlete cannot both build on the same
totals; the second makes every write at once from arrays (unnest). A log is BEGIN, these two and
COMMIT: four round trips, where one statement per row took nine. A log's transaction also
commits without waiting for the disk (see _add_training_relaxed).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import (
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
KEPT_IF_NONE = ("tie_key", "display_name")


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
    add_log: DriverStatement
    save_member: DriverStatement
    add_to_scores: dict[int, DriverStatement]  # by number of (score, delta) pairs


@dataclass(frozen=True)
class PostgresCredits:
    """PostgreSQL: the training log with the locked memberships, then every write at once."""

    active: dict[tuple[bool, bool], DriverStatement]  # (with the training log, in one group)
    save: DriverStatement


def _member_totals(value: Callable[[str], Any]) -> dict[str, Any]:
    """The SET clause of a member's new totals; a None tie key or name keeps the stored one
    (the tie key changes only when the score rose, the name only when it changed)."""
    kept = {name: func.coalesce(value(name), _MEMBERS.c[name]) for name in KEPT_IF_NONE}
    return {name: value(name) for name in MEMBER_FIELDS[1:] if name not in kept} | kept


def _save_member() -> Any:
    """One member's new totals (SQLite)."""
    return (
        update(_MEMBERS)
        .where(_MEMBERS.c.id == bindparam("member_id"))
        .values(_member_totals(lambda name: bindparam(name, type_=_MEMBERS.c[name].type)))
    )


@cache
def sqlite_credits() -> SqliteCredits:
    """The SQLite statements, compiled on first use."""
    return SqliteCredits(
        add_training=DriverStatement(_add_training(), "sqlite"),
        add_log=DriverStatement(_insert(_LOGS, *LOG_FIELDS), "sqlite"),
        save_member=DriverStatement(_save_member(), "sqlite"),
        add_to_scores={
            pairs: DriverStatement(SCORE_UPSERTS["sqlite", pairs], "sqlite") for pairs in (1, 2)
        },
    )


def _array_of(type_: Any) -> ARRAY[Any]:
    # Without a length: a cast to VARCHAR(n)[] would cut a longer text silently.
    return ARRAY(String() if isinstance(type_, String) else type_)


@cache
def sqlite_active(metrics: int, in_group: bool) -> DriverStatement:
    """The memberships to credit on SQLite, for a number of metrics (compiled on first use)."""
    kinds: list[Any] = [bindparam(f"kind{n}") for n in range(metrics)]
    return DriverStatement(_active(_C.metric.in_(kinds), in_group), "sqlite", ACTIVE_COLUMNS)


def _unnest(prefix: str, table: Any, fields: Sequence[str]) -> Any:
    """Rows of `table`'s `fields` from parallel array parameters `<prefix>_<field>`."""
    arrays = [bindparam(f"{prefix}_{name}", type_=_array_of(table.c[name].type)) for name in fields]
    return func.unnest(*arrays).table_valued(*fields).render_derived(name=prefix)


def _save_all() -> Any:
    """Challenge logs, member totals and score buckets of one log, in one statement."""
    logs = _unnest("log", _LOGS, LOG_FIELDS)
    members = _unnest("member", _MEMBERS, MEMBER_FIELDS)
    buckets = _unnest("bucket", SCORES, BUCKET_FIELDS)
    add_logs = insert(_LOGS).from_select(list(LOG_FIELDS), select(logs))
    save_members = (
        update(_MEMBERS)
        .where(_MEMBERS.c.id == members.c.id)
        .values(_member_totals(lambda name: members.c[name]))
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
