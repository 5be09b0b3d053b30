"""Taking a check-in's credit back: its logs go, and its members' totals are stored afresh.

A rare path (an answer changed from Done to Skipped or Pain), in the unit of work that
records the new answer.

Order, so that a log of the same athlete at the same moment is neither lost nor undone:
1. Delete the check-in's logs. It is the first statement, and a write: on SQLite it takes the
   write lock at once (a transaction that read first could find its snapshot stale when it
   came to write, under WAL); on PostgreSQL it touches no row a log locks.
2. Lock those members (PostgreSQL: FOR UPDATE, in challenge order like the log path and
   `forget`), so no credit is stored for them until this commits; a credit worked out from
   the old totals then finds the version bumped and is worked out again.
3. Read the logs that remain, only now: a log that was stored before the lock is among them.
4. Store the rebuilt totals of every member (bumping the versions; one statement, in challenge
   order) and move them between score buckets (one statement, in ascending (challenge, score)
   order like every other writer).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from functools import cache
from itertools import groupby
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.challenges.rebuild import CountedLog, MemberLogs, Rebuilt
from bot.challenges.rules import Membership
from bot.challenges.storage.conflicts import settling_conflicts
from bot.challenges.storage.models import (
    ChallengeLogRow,
    ChallengeMemberRow,
    ChallengeRow,
    ChatGroupRow,
)
from bot.challenges.storage.rows import membership_from_row, tie_key
from bot.challenges.storage.statements import (
    CHALLENGE_COLUMNS,
    MEMBER_COLUMNS,
    SCORE_UPSERTS,
    TABLES,
    dialect_of,
)
from bot.storage.times import aware

_C = ChallengeRow
_M = ChallengeMemberRow
_LOGS = TABLES[ChallengeLogRow.__tablename__]
_MEMBERS = TABLES[_M.__tablename__]


async def take_back_checkin(
    session: AsyncSession, athlete_id: int, at: datetime, now: datetime
) -> list[MemberLogs]:
    """Delete the check-in of moment `at` from the athlete's logs in challenges still running
    at `now`; the members it counted for, locked, with the logs that remain."""

    async def work() -> list[MemberLogs]:
        running = select(_C.id).where(_C.ends_at > now).scalar_subquery()
        deleted = await session.scalars(
            delete(_LOGS)
            .where(
                _LOGS.c.athlete_id == athlete_id,
                _LOGS.c.source == "checkin",
                _LOGS.c.logged_at == at,
                _LOGS.c.challenge_id.in_(running),
            )
            .returning(_LOGS.c.challenge_id)
        )
        challenge_ids = sorted(set(deleted))
        if not challenge_ids:
            return []
        members = await session.execute(
            select(*MEMBER_COLUMNS, *CHALLENGE_COLUMNS, _M.joined_at)
            .join(_C, _C.id == _M.challenge_id)
            .join(ChatGroupRow, ChatGroupRow.id == _C.group_id)
            .where(_M.athlete_id == athlete_id, _M.challenge_id.in_(challenge_ids))
            .order_by(_M.challenge_id)
            .with_for_update(of=_M)
        )
        locked = [(membership_from_row(row), aware(row[-1])) for row in members]
        remaining = await session.execute(
            select(_LOGS.c.challenge_id, _LOGS.c.local_day, _LOGS.c.amount, _LOGS.c.logged_at)
            .where(_LOGS.c.athlete_id == athlete_id, _LOGS.c.challenge_id.in_(challenge_ids))
            .order_by(_LOGS.c.challenge_id, _LOGS.c.logged_at, _LOGS.c.id)
        )
        logs = {
            challenge_id: tuple(CountedLog(row[1], row[2], aware(row[3])) for row in rows)
            for challenge_id, rows in groupby(remaining, key=lambda row: row[0])
        }
        return [
            MemberLogs(member, joined_at, logs.get(member.challenge.id, ()))
            for member, joined_at in locked
        ]

    return await settling_conflicts(work)


_TOTALS = ("score", "day", "day_amount", "run")


@cache
def _store_rebuilt() -> Any:
    """One member's rebuilt totals, bumping its version (run with a list of members)."""
    return (
        update(_MEMBERS)
        .where(_MEMBERS.c.id == bindparam("member_id"))
        .values(
            {name: bindparam(f"new_{name}") for name in _TOTALS}
            | {"tie_key": bindparam("new_tie_key"), "version": _MEMBERS.c.version + 1}
        )
    )


async def save_rebuilt(
    session: AsyncSession, rebuilt: Sequence[tuple[Membership, Rebuilt]]
) -> None:
    """Store locked members' rebuilt totals and tie moments (one statement, in challenge
    order), then move the visible ones between buckets (one statement, ascending order)."""
    members = sorted(rebuilt, key=lambda pair: pair[0].challenge.id)
    rows = [
        {"member_id": member.id, "new_tie_key": tie_key(totals.reached_at)}
        | {
            f"new_{name}": getattr(totals.state, name)
            for name in ("score", "day", "day_amount", "run")
        }
        for member, totals in members
    ]
    moves: Counter[tuple[int, int]] = Counter()
    for member, totals in members:
        if not member.hidden and totals.state.score != member.state.score:
            moves[member.challenge.id, member.state.score] -= 1
            moves[member.challenge.id, totals.state.score] += 1
    buckets = [
        {"challenge_id": challenge_id, "score": score, "members": delta}
        for (challenge_id, score), delta in sorted(moves.items())
        if delta
    ]

    async def work() -> None:
        await session.execute(_store_rebuilt(), rows)
        if buckets:
            await session.execute(SCORE_UPSERTS[dialect_of(session)], buckets)

    await settling_conflicts(work)
