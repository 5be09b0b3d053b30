"""The log path's statements as SQLAlchemy Core, built once and run through the session
(PostgreSQL's one-statement save is in credit_postgres.py).

A log reads the memberships it may credit without locking them, works out the credits, then
stores the training log and every credit all or nothing, but only if each credited member is
still as it was read (on the board, same version). Otherwise nothing is stored and the unit of
work is run again: that happens only when another write to one of those members lands in
between (another log or check-in of the athlete, leaving or re-joining, `forget`), so it is
cheaper than holding locks across the round trips in between.

SQLite: the members first, in one UPDATE ... FROM that stores each only if it is unchanged and
counts the rows it stored (this first write takes SQLite's write lock); then the training log,
the challenge logs and every score bucket, one statement each.

PostgreSQL: the whole write is one statement, which locks the members it checks (FOR UPDATE,
in challenge order: the one lock order of every writer), so no other writer slips in between
the check and the writes; a transaction that stores a training log commits without waiting
for the disk (credit_postgres.py).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from functools import cache
from typing import Any

from sqlalchemy import (
    and_,
    bindparam,
    exists,
    func,
    insert,
    literal_column,
    select,
    union_all,
    update,
)

from bot.challenges.storage.models import (
    ChallengeLogRow,
    ChallengeMemberRow,
    ChallengeRow,
    ChatGroupRow,
)
from bot.challenges.storage.statements import (
    CHALLENGE_COLUMNS,
    MEMBER_COLUMNS,
    TABLES,
)
from bot.training_log.storage.models import TrainingLogRow

MEMBERS = TABLES[ChallengeMemberRow.__tablename__]
CHALLENGES = TABLES[ChallengeRow.__tablename__]
GROUPS = TABLES[ChatGroupRow.__tablename__]
LOGS = TABLES[ChallengeLogRow.__tablename__]
TRAINING = TABLES[TrainingLogRow.__tablename__]
# The same columns as the tables' own: a SELECT of plain table columns skips the ORM's result
# handling, which costs more than the statement on SQLite.
ACTIVE_COLUMNS = tuple(
    TABLES[column.class_.__tablename__].c[column.key]
    for column in (*MEMBER_COLUMNS, *CHALLENGE_COLUMNS)
)
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
# A read credits at most this many metrics at once (a session: "sessions" and "streak").
KIND_SLOTS = 2


def _running(at: Any, kinds: str) -> Any:
    """A membership's challenge is running at `at` with a metric among `kinds` (parameters
    `kinds_params` names): the one condition of a log's and a check-in's reads and rides."""
    return and_(
        CHALLENGES.c.id == MEMBERS.c.challenge_id,
        CHALLENGES.c.starts_at <= at,
        CHALLENGES.c.ends_at > at,
        CHALLENGES.c.metric.in_([bindparam(f"{kinds}_{n}") for n in range(KIND_SLOTS)]),
    )


def kinds_params(name: str, kinds: Collection[str]) -> dict[str, str]:
    """The metrics `kinds` as the parameters of `_running`'s condition `name`: one per slot,
    the last one repeated. A fixed shape: an expanding IN is rewritten at every execution
    (about a tenth of the CPU of the sender's read with its riders)."""
    listed = list(kinds)
    if not 0 < len(listed) <= KIND_SLOTS:
        raise ValueError(f"between 1 and {KIND_SLOTS} metrics to credit, not {len(listed)}")
    return {f"{name}_{n}": listed[min(n, len(listed) - 1)] for n in range(KIND_SLOTS)}


def _counted_checkin(at: Any) -> Any:
    """Whether the check-in of moment `at` already counted in the membership's challenge."""
    return exists().where(
        LOGS.c.athlete_id == MEMBERS.c.athlete_id,
        LOGS.c.challenge_id == MEMBERS.c.challenge_id,
        LOGS.c.source == "checkin",
        LOGS.c.logged_at == at,
    )


def _active(in_group: bool) -> Any:
    """Visible memberships of one athlete in running challenges of some metrics (`kinds`, an
    expanding IN)."""
    query = (
        select(*ACTIVE_COLUMNS)
        .join(CHALLENGES, _running(bindparam("at"), "kinds"))
        .join(GROUPS, GROUPS.c.id == CHALLENGES.c.group_id)
        .where(MEMBERS.c.athlete_id == bindparam("athlete_id"), MEMBERS.c.hidden.is_(False))
    )
    if in_group:
        query = query.where(
            GROUPS.c.platform == bindparam("platform"),
            GROUPS.c.external_id == bindparam("external_id"),
        )
    return query.order_by(CHALLENGES.c.id)


def _ride(query: Any, athlete_id: Any, in_group: bool) -> Any:
    """The sender's query (riders.py) with every visible membership of the athlete, its
    challenge and group columns only where `_active` would read it, then the group's id (NULL:
    not to credit). Outer joins one after the other: an index lookup at each step."""
    here = (
        [
            GROUPS.c.platform == bindparam("ride_platform"),
            GROUPS.c.external_id == bindparam("ride_external_id"),
        ]
        if in_group
        else []
    )
    return (
        query.outerjoin(
            MEMBERS, and_(MEMBERS.c.athlete_id == athlete_id, MEMBERS.c.hidden.is_(False))
        )
        .outerjoin(CHALLENGES, _running(bindparam("ride_at"), "ride_kinds"))
        .outerjoin(GROUPS, and_(GROUPS.c.id == CHALLENGES.c.group_id, *here))
        .add_columns(*ACTIVE_COLUMNS, GROUPS.c.id.label("ride_group"))
    )


def ride_in_every_group(query: Any, anchors: dict[str, Any]) -> Any:
    """`_ride` for a log in a private chat (riders.Extend)."""
    return _ride(query, anchors["athlete_id"], in_group=False)


def ride_in_this_group(query: Any, anchors: dict[str, Any]) -> Any:
    """`_ride` for a log in a group chat (riders.Extend)."""
    return _ride(query, anchors["athlete_id"], in_group=True)


def ride_session_members(query: Any, anchors: dict[str, Any]) -> Any:
    """`checkin_members` riding on the sender's read (riders.Extend): the memberships to credit
    for the session at `anchors["session_moment"]` (the check-in being answered; NULL on the
    rows of other check-ins), each with `counted`, then the moment; None without the anchor."""
    moment = anchors.get("session_moment")
    if moment is None:
        return None
    mine = and_(MEMBERS.c.athlete_id == anchors["athlete_id"], MEMBERS.c.hidden.is_(False))
    return (
        query.outerjoin(MEMBERS, and_(mine, moment.is_not(None)))
        .outerjoin(CHALLENGES, _running(moment, "ride_session_kinds"))
        .outerjoin(GROUPS, GROUPS.c.id == CHALLENGES.c.group_id)
        .add_columns(
            *ACTIVE_COLUMNS,
            GROUPS.c.id.label("ride_group"),
            _counted_checkin(moment).label("ride_counted"),
            moment.label("ride_moment"),
        )
    )


def as_read(seen_version: Any) -> list[Any]:
    """The member is still on the board, unchanged since its credit was worked out: every
    write to a member bumps its version (a credit also reads its challenge logs)."""
    return [MEMBERS.c.hidden.is_(False), MEMBERS.c.version == seen_version]


def member_totals(value: Callable[[str], Any]) -> dict[str, Any]:
    """The SET clause of a member's new totals; a None tie key or name keeps the stored one
    (the tie key changes only when the score rose, the name only when it changed)."""
    kept = {name: func.coalesce(value(name), MEMBERS.c[name]) for name in KEPT_IF_NONE}
    totals = {name: value(name) for name in MEMBER_FIELDS[1:] if name not in kept}
    return totals | kept | {"version": MEMBERS.c.version + literal_column("1")}


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
                bindparam(f"{prefix}_{name}_{n}", type_=column_type(table, name)).label(name)
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
    its row count is how many it stored (fewer than `count`: one changed in between). No
    RETURNING: the count needs no fetch, one trip fewer to aiosqlite's thread."""
    rows = _listed_rows("member", MEMBERS, MEMBER_FIELDS + SEEN_FIELDS, count)
    return (
        update(MEMBERS)
        .where(MEMBERS.c.id == rows.c.id, *as_read(rows.c.seen_version))
        .values(member_totals(lambda name: rows.c[name]))
    )


@cache
def add_training() -> Any:
    """Insert one training log."""
    return _insert(TRAINING, *TRAINING_FIELDS)


@cache
def add_logs() -> Any:
    """Insert challenge logs (run with a list of rows)."""
    return _insert(LOGS, *LOG_FIELDS)


@cache
def active_members(in_group: bool) -> Any:
    """The memberships a log may credit."""
    return _active(in_group)


@cache
def checkin_members() -> Any:
    """The memberships a check-in of moment `at` may credit, then a column `counted`: whether
    that check-in already counted in the challenge."""
    return _active(False).add_columns(_counted_checkin(bindparam("at")).label("counted"))


def column_type(table: Any, field: str) -> Any:
    """The type of `table`'s column `field`; a field `seen_<column>` has the type of `<column>`."""
    return table.c[field.removeprefix("seen_")].type
