"""PostgreSQL's save of a log's or check-in's credits: everything in one statement.

The statement locks the credited members (FOR UPDATE, in challenge order: the one lock order
of every writer) and checks each is unchanged since it was read; only then do its
data-modifying CTEs store the challenge logs, the members' totals, the score buckets and the
training log, and it returns whether it stored. A transaction that stores a training log
commits without waiting for the disk (see _add_training_relaxed).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import String, any_, bindparam, func, insert, literal_column, select, true, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import ARRAY

from bot.challenges.storage.credit_statements import (
    BUCKET_FIELDS,
    LOG_FIELDS,
    LOGS,
    MEMBER_FIELDS,
    MEMBERS,
    SEEN_FIELDS,
    TRAINING,
    TRAINING_FIELDS,
    as_read,
    column_type,
    member_totals,
)
from bot.challenges.storage.models import ChallengeScoreRow
from bot.challenges.storage.statements import SCORES


def _array_of(type_: Any) -> ARRAY[Any]:
    # Without a length: a cast to VARCHAR(n)[] would cut a longer text silently.
    return ARRAY(String() if isinstance(type_, String) else type_)


def _unnest(prefix: str, table: Any, fields: Sequence[str]) -> Any:
    """Rows of `table`'s `fields` from parallel array parameters `<prefix>_<field>`."""
    arrays = [
        bindparam(f"{prefix}_{name}", type_=_array_of(column_type(table, name))) for name in fields
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
        bindparam(f"training_{name}", type_=TRAINING.c[name].type) for name in TRAINING_FIELDS
    ]
    rows = select(*values).select_from(relaxed).where(stored)
    return insert(TRAINING).from_select(list(TRAINING_FIELDS), rows)


def _member_rows(several: bool) -> Any:
    """The credited members' new totals and the versions they were read with, as a CTE.

    One member (nearly every log) comes as scalar parameters, several as arrays. PostgreSQL
    cannot tell how many rows arrays hold when it plans a statement for reuse, so with arrays
    it plans this statement afresh on every run, which takes longer than running it.
    """
    fields = MEMBER_FIELDS + SEEN_FIELDS
    if several:
        return select(_unnest("member", MEMBERS, fields)).cte("member")
    return select(
        *(
            bindparam(f"member_{name}", type_=column_type(MEMBERS, name)).label(name)
            for name in fields
        )
    ).cte("member")


def _locked_unchanged(rows: Any, ids: list[Any]) -> Any:
    """A CTE of one boolean `stored`: every credited member, locked, is unchanged since read."""
    checked = (
        select(MEMBERS.c.id)
        .join(rows, MEMBERS.c.id == rows.c.id)
        .where(*ids, *as_read(rows.c.seen_version))
        # The order `forget` leaves challenges in (athlete_events.py); a writer that locks them
        # in another order (an account merge) may deadlock, and then the credits try again.
        .order_by(MEMBERS.c.challenge_id)
        .with_for_update(of=MEMBERS)
        .cte("checked")
    )
    count = func.count(literal_column("*"))
    return select(
        (
            select(count).select_from(checked).scalar_subquery()
            == select(count).select_from(rows).scalar_subquery()
        ).label("stored")
    ).cte("unchanged")


def _credit_writes(rows: Any, ids: list[Any], stored: Any) -> list[Any]:
    """The data-modifying CTEs of the credits, each writing only when `stored` is true: the
    challenge logs, the members' totals and the score buckets."""
    logs = _unnest("log", LOGS, LOG_FIELDS)
    buckets = _unnest("bucket", SCORES, BUCKET_FIELDS)
    add_buckets = postgresql.insert(SCORES).from_select(
        list(BUCKET_FIELDS), select(buckets).where(stored)
    )
    return [
        insert(LOGS).from_select(list(LOG_FIELDS), select(logs).where(stored)).cte("add_logs"),
        update(MEMBERS)
        .where(MEMBERS.c.id == rows.c.id, *ids, stored)
        .values(member_totals(lambda name: rows.c[name]))
        .cte("save_members"),
        add_buckets.on_conflict_do_update(
            index_elements=[ChallengeScoreRow.challenge_id, ChallengeScoreRow.score],
            set_={"members": SCORES.c.members + add_buckets.excluded.members},
        ).cte("add_buckets"),
    ]


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
        [MEMBERS.c.id == any_(bindparam("member_id", type_=_array_of(MEMBERS.c.id.type)))]
        if members > 1
        else []
    )
    unchanged = _locked_unchanged(rows, ids)
    stored = select(unchanged.c.stored).scalar_subquery()
    writes = _credit_writes(rows, ids, stored)
    if with_training:
        writes.append(_add_training_relaxed(stored).cte("add_training"))
    # Every data-modifying CTE runs to completion whether or not the query reads it.
    return select(unchanged.c.stored).add_cte(*writes)


@cache
def postgres_save(with_training: bool, members: int) -> Any:
    """PostgreSQL: the one statement that stores a log's or check-in's credits (see _save_all);
    it returns whether it stored."""
    return _save_all(with_training, members)
