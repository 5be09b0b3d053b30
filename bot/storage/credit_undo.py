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
4. Store the rebuilt totals (bumping the version) and move the member between score buckets,
   in ascending (challenge, score) order like every other writer.
"""

from __future__ import annotations

from datetime import datetime
from itertools import groupby

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.challenge_rebuild import CountedLog, MemberLogs, Rebuilt
from bot.domain.challenges import Membership
from bot.storage.challenge_models import (
    ChallengeLogRow,
    ChallengeMemberRow,
    ChallengeRow,
    ChatGroupRow,
)
from bot.storage.challenge_rows import membership_from_row, tie_key
from bot.storage.challenge_statements import (
    CHALLENGE_COLUMNS,
    MEMBER_COLUMNS,
    TABLES,
    add_to_scores,
)
from bot.storage.conflicts import settling_conflicts
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


async def save_rebuilt(session: AsyncSession, member: Membership, rebuilt: Rebuilt) -> None:
    """Store a locked member's rebuilt totals and tie moment, and move it between buckets."""

    async def work() -> None:
        state = rebuilt.state
        await session.execute(
            update(_MEMBERS)
            .where(_MEMBERS.c.id == member.id)
            .values(
                score=state.score,
                day=state.day,
                day_amount=state.day_amount,
                run=state.run,
                tie_key=tie_key(rebuilt.reached_at),
                version=_MEMBERS.c.version + 1,
            )
        )
        if not member.hidden and state.score != member.state.score:
            moves = sorted([(member.state.score, -1), (state.score, 1)])
            await add_to_scores(session, member.challenge.id, *moves)

    await settling_conflicts(work)
