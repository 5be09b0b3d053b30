"""The log path's statements as SQLAlchemy Core, built once and run through the session.

A log reads the memberships it may credit without locking them, works out the credits, then
stores the training log and every credit all or nothing, but only if each credited member is
still as it was read (on the board, same version). Otherwise nothing is stored and the unit of
work is run again: that happens only when another write to one of those members lands in
between (another log or check-in of the athlete, leaving or re-joining, `forget`), so it is
cheaper than holding locks across the round trips in between.

SQLite: one small statement per row, the member updates first (each checks the member is
unchanged and returns its id only then); the first write takes SQLite's write lock.

PostgreSQL: the whole write is one statement, which locks the members it checks (FOR UPDATE,
in challenge order: the one lock order of every writer), so no other writer slips in between
the check and the writes; a transaction that stores a training log commits without waiting
for the disk (see _add_training_relaxed).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
    true,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
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
    SCORES,
    TABLES,
)

_C = ChallengeRow
_M = ChallengeMemberRow
ACTIVE_COLUMNS = (*MEMBER_COLUMNS, *CHALLENGE_COLUMNS)
_MEMBERS = TABLES[_M.__tablename__]
_LOGS = TABLES[ChallengeLogRow.__tablename__]
_TRAINING = TABLES[TrainingLogRow.__tablename__]
TRAINING_FIELDS = (
    "athlete_id",
    "kind",
    "exercise_id",
    "amount",
    "logged_at",
    "set_reps",
    "sets",
    "load_used",
    "rir",
    "reached_top",
)
LOG_FIELDS = ("challenge_id", "athlete_id", "local_day", "amount", "source", "logged_at")
STATE_FIELDS = ("score", "day", "day_amount", "run")
# A member's new totals, then the version they were worked out from.
MEMBER_FIELDS = ("id", *STATE_FIELDS, "tie_key", "display_name")
SEEN_FIELDS = ("seen_version",)
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
    return query.order_by(_C.id)


def _as_read(seen_version: Any) -> list[Any]:
    """The member is still on the board, unchanged since its credit was worked out: every
    write to a member bumps its version (a credit also reads its challenge logs)."""
    return [_MEMBERS.c.hidden.is_(False), _MEMBERS.c.version == seen_version]


def _member_totals(value: Callable[[str], Any]) -> dict[str, Any]:
    """The SET clause of a member's new totals; a None tie key or name keeps the stored one
    (the tie key changes only when the score rose, the name only when it changed)."""
    kept = {name: func.coalesce(value(name), _MEMBERS.c[name]) for name in KEPT_IF_NONE}
    totals = {name: value(name) for name in MEMBER_FIELDS[1:] if name not in kept}
    return totals | kept | {"version": _MEMBERS.c.version + literal_column("1")}


def _insert(table: Any, *names: str) -> Any:
    return insert(table).values({name: bindparam(name) for name in names})


def listed_params(
    prefix: str, rows: Sequence[dict[str, Any]], fields: Sequence[str]
) -> dict[str, Any]:
    """Parameters `<prefix>_<field>_<n>` of the statements built by `_listed_rows`."""
    return {f"{prefix}_{name}_{n}": row[name] for n, row in enumerate(rows) for name in fields}


def _listed_rows(prefix: str, table: Any, fields: Sequence[str], count: int) -> Any:
    """`count` rows of parameters `<prefix>_<field>_<n>` as a subquery (SQLite has no arrays).

    Not a CTE: Python's sqlite3 opens a transaction only before a statement that starts with
    INSERT, UPDATE, DELETE or REPLACE, so a write starting with WITH would commit at once.
    """
    rows: list[Any] = [
        select(
            *(
                bindparam(f"{prefix}_{name}_{n}", type_=_column_type(table, name)).label(name)
                for name in fields
            )
        )
        for n in range(count)
    ]
    listed: Any = rows[0] if count == 1 else union_all(*rows)
    return listed.subquery(prefix)


@cache
def sqlite_save_members(count: int) -> Any:
    """SQLite: the credited members' new totals, each only if unchanged since it was read;
    returns the ids it stored (fewer than `count`: one changed in between)."""
    rows = _listed_rows("member", _MEMBERS, MEMBER_FIELDS + SEEN_FIELDS, count)
    return (
        update(_MEMBERS)
        .where(_MEMBERS.c.id == rows.c.id, *_as_read(rows.c.seen_version))
        .values(_member_totals(lambda name: rows.c[name]))
        .returning(_MEMBERS.c.id)
    )


@cache
def sqlite_add_to_scores(count: int) -> Any:
    """SQLite: add `count` (challenge, score, delta) rows to the score buckets at once."""
    rows: list[dict[str, Any]] = [
        {name: bindparam(f"bucket_{name}_{n}") for name in BUCKET_FIELDS} for n in range(count)
    ]
    statement = sqlite.insert(SCORES).values(rows)
    return statement.on_conflict_do_update(
        index_elements=[ChallengeScoreRow.challenge_id, ChallengeScoreRow.score],
        set_={"members": SCORES.c.members + statement.excluded.members},
    )


@cache
def add_training() -> Any:
    """Insert one training log."""
    return _insert(_TRAINING, *TRAINING_FIELDS)


@cache
def add_logs() -> Any:
    """Insert challenge logs (run with a list of rows)."""
    return _insert(_LOGS, *LOG_FIELDS)


@cache
def active_members(in_group: bool) -> Any:
    """The memberships to credit: `kinds` is a list of metrics (an expanding IN)."""
    return _active(_C.metric.in_(bindparam("kinds", expanding=True)), in_group)


def _array_of(type_: Any) -> ARRAY[Any]:
    # Without a length: a cast to VARCHAR(n)[] would cut a longer text silently.
    return ARRAY(String() if isinstance(type_, String) else type_)


def _column_type(table: Any, field: str) -> Any:
    """The type of `table`'s column `field`; a field `seen_<column>` has the type of `<column>`."""
    return table.c[field.removeprefix("seen_")].type


def _unnest(prefix: str, table: Any, fields: Sequence[str]) -> Any:
    """Rows of `table`'s `fields` from parallel array parameters `<prefix>_<field>`."""
    arrays = [
        bindparam(f"{prefix}_{name}", type_=_array_of(_column_type(table, name))) for name in fields
    ]
    return func.unnest(*arrays).table_valued(*fields).render_derived(name=prefix)


def _add_training_relaxed(stored: Any) -> Any:
    """The training log, in a transaction that commits without waiting for the disk.

    synchronous_commit=off for the transaction that stores a training log (the statement
    always runs inside the unit of work's transaction): a log no longer waits for a WAL flush,
    which on a busy disk is most of its time. A crash of the database server (not of the bot)
    may lose the last fraction of a second of logs, always whole logs with their credits.
    """
    relaxed = select(
        func.set_config(
            literal_column("'synchronous_commit'"), literal_column("'off'"), literal_column("true")
        ).label("relaxed")
    ).subquery("relaxed_commit")
    # Prefixed: parameters named like the table's columns would be taken as its VALUES.
    values = [
        bindparam(f"training_{name}", type_=_TRAINING.c[name].type) for name in TRAINING_FIELDS
    ]
    rows = select(*values).select_from(relaxed).where(stored)
    return insert(_TRAINING).from_select(list(TRAINING_FIELDS), rows)


def _member_rows(several: bool) -> Any:
    """The credited members' new totals and the versions they were read with, as a CTE.

    One member (nearly every log) comes as scalar parameters, several as arrays. PostgreSQL
    cannot tell how many rows arrays hold when it plans a statement for reuse, so with arrays
    it plans this statement afresh on every run, which takes longer than running it.
    """
    fields = MEMBER_FIELDS + SEEN_FIELDS
    if several:
        return select(_unnest("member", _MEMBERS, fields)).cte("member")
    return select(
        *(
            bindparam(f"member_{name}", type_=_column_type(_MEMBERS, name)).label(name)
            for name in fields
        )
    ).cte("member")


def _save_all(with_training: bool, members: int) -> Any:
    """Everything one log or check-in stores, in one statement that returns whether it did.

    `members`: how many members it credits, 0, 1 or 2 for two or more.
    """
    if members == 0:
        return select(true().label("stored")).add_cte(
            _add_training_relaxed(true()).cte("add_training")
        )
    rows = _member_rows(several=members > 1)
    # With arrays, also `id = ANY(ids)`: planned for reuse, a join on rows of unknown number
    # may scan the whole table where an index lookup per member is enough.
    ids = (
        [_MEMBERS.c.id == any_(bindparam("member_id", type_=_array_of(_MEMBERS.c.id.type)))]
        if members > 1
        else []
    )
    checked = (
        select(_MEMBERS.c.id)
        .join(rows, _MEMBERS.c.id == rows.c.id)
        .where(*ids, *_as_read(rows.c.seen_version))
        # The order `forget` leaves challenges in (before_forget); a writer that locks them
        # in another order (an account merge) may deadlock, and then the credits try again.
        .order_by(_MEMBERS.c.challenge_id)
        .with_for_update(of=_MEMBERS)
        .cte("checked")
    )
    count = func.count(literal_column("*"))
    unchanged = select(
        (
            select(count).select_from(checked).scalar_subquery()
            == select(count).select_from(rows).scalar_subquery()
        ).label("stored")
    ).cte("unchanged")
    stored = select(unchanged.c.stored).scalar_subquery()
    logs = _unnest("log", _LOGS, LOG_FIELDS)
    buckets = _unnest("bucket", SCORES, BUCKET_FIELDS)
    writes = [
        insert(_LOGS).from_select(list(LOG_FIELDS), select(logs).where(stored)).cte("add_logs"),
        update(_MEMBERS)
        .where(_MEMBERS.c.id == rows.c.id, *ids, stored)
        .values(_member_totals(lambda name: rows.c[name]))
        .cte("save_members"),
    ]
    add_buckets = postgresql.insert(SCORES).from_select(
        list(BUCKET_FIELDS), select(buckets).where(stored)
    )
    writes.append(
        add_buckets.on_conflict_do_update(
            index_elements=[ChallengeScoreRow.challenge_id, ChallengeScoreRow.score],
            set_={"members": SCORES.c.members + add_buckets.excluded.members},
        ).cte("add_buckets")
    )
    if with_training:
        writes.append(_add_training_relaxed(stored).cte("add_training"))
    # Every data-modifying CTE runs to completion whether or not the query reads it.
    return select(unchanged.c.stored).add_cte(*writes)


@cache
def postgres_save(with_training: bool, members: int) -> Any:
    """PostgreSQL: the one statement that stores a log's or check-in's credits (see _save_all);
    it returns whether it stored."""
    return _save_all(with_training, members)
