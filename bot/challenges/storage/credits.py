"""The log path: the memberships a log or check-in may credit, and storing the credits with
the training log entry in one write. Taking a check-in's credit back is in credit_undo.py.

Crediting is the hot path of group challenges (every `log` and every check-in answered Done):
its Core statements are built once (credit_statements.py) and run on the unit of work's
connection (bot/storage/core.py), in its transaction. Memberships are read without a lock;
`save` stores only if they are unchanged since.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.challenges.rebuild import MemberLogs, Rebuilt
from bot.challenges.rules import CreditedLog, Membership
from bot.challenges.storage.conflicts import settling_conflicts
from bot.challenges.storage.credit_postgres import postgres_save
from bot.challenges.storage.credit_statements import (
    BUCKET_FIELDS,
    LOG_FIELDS,
    MEMBER_FIELDS,
    SEEN_FIELDS,
    STATE_FIELDS,
    active_members,
    add_logs,
    add_training,
    checkin_members,
    kinds_params,
    listed_params,
    ride_in_every_group,
    ride_in_this_group,
    ride_session_members,
    sqlite_save_members,
)
from bot.challenges.storage.credit_undo import save_rebuilt, take_back_checkin
from bot.challenges.storage.models import MEMBER_NAME_CHARS, ChallengeLogRow
from bot.challenges.storage.rows import membership_from_row, tie_key
from bot.challenges.storage.statements import SCORE_UPSERTS, dialect_of
from bot.ports import MembersChanged
from bot.storage.core import execute_core
from bot.storage.riders import RiddenRead
from bot.storage.times import aware
from bot.training_log.rules import TrainingEntry
from bot.training_log.storage.repositories import training_row

Row = dict[str, Any]


class Writes:
    """The rows a batch of credits adds or changes; score buckets in ascending (challenge,
    score), the order every writer locks them in."""

    def __init__(self, credits: Sequence[CreditedLog]) -> None:
        self.logs: list[Row] = []
        self.members: list[Row] = []  # every credited member, changed or not: each is checked
        deltas: Counter[tuple[int, int]] = Counter()
        for credit in sorted(credits, key=lambda credit: credit.member.challenge.id):
            member, state = credit.member, credit.state
            if credit.counted:
                self.logs.append(
                    {
                        "challenge_id": member.challenge.id,
                        "athlete_id": member.athlete_id,
                        "local_day": credit.day,
                        "amount": credit.counted,
                        "source": credit.source,
                        "logged_at": credit.at,
                    }
                )
            shown_as = credit.name[:MEMBER_NAME_CHARS] if credit.name else None
            raised = state.score != member.state.score
            if raised:
                deltas[member.challenge.id, member.state.score] -= 1
                deltas[member.challenge.id, state.score] += 1
            self.members.append(
                {"id": member.id}
                | {name: getattr(state, name) for name in STATE_FIELDS}
                | {
                    "seen_version": member.version,
                    # None keeps the stored tie key / name
                    "tie_key": tie_key(credit.at) if raised else None,
                    "display_name": None if shown_as == member.display_name else shown_as,
                }
            )
        self.buckets: list[Row] = [
            {"challenge_id": challenge_id, "score": score, "members": delta}
            for (challenge_id, score), delta in sorted(deltas.items())
            if delta
        ]


class SqlCreditRepository:
    """Challenge credits (with the training log entry they come with) in SQL."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._session_ride: tuple[tuple[str, ...], RiddenRead[SessionMembers | None]] | None = None

    async def memberships_to_credit(
        self,
        athlete_id: int,
        at: datetime,
        kinds: Collection[str],
        group: tuple[str, str] | None = None,
    ) -> list[Membership]:
        """Visible memberships in running challenges with a metric in `kinds` (not locked)."""
        params: dict[str, Any] = {"athlete_id": athlete_id, "at": at} | kinds_params("kinds", kinds)
        if group is not None:
            params["platform"], params["external_id"] = group
        rows = await self._session.execute(active_members(group is not None), params)
        return [membership_from_row(row) for row in rows]

    def memberships_with_sender(
        self, at: datetime, kinds: Collection[str], group: tuple[str, str] | None = None
    ) -> RiddenRead[list[Membership]]:
        """`memberships_to_credit`, read with the sender when the unit of work identifies the
        sender next (call it before identifying)."""
        params: dict[str, Any] = {"ride_at": at} | kinds_params("ride_kinds", kinds)
        if group is not None:
            params["ride_platform"], params["ride_external_id"] = group
        extend = ride_in_every_group if group is None else ride_in_this_group

        async def alone(athlete_id: int) -> list[Membership]:
            return await self.memberships_to_credit(athlete_id, at, kinds, group)

        return RiddenRead(self._session, extend, params, _ridden_memberships, alone)

    def checkin_memberships_with_sender(self, kinds: Collection[str]) -> None:
        """`checkin_memberships` for the answered check-in, riding on the next sender read."""

        async def alone(_athlete_id: int) -> SessionMembers | None:
            return None  # read by `checkin_memberships` itself, for its moment

        params = kinds_params("ride_session_kinds", kinds)
        ride = RiddenRead(self._session, ride_session_members, params, _session_members, alone)
        self._session_ride = (tuple(kinds), ride)

    async def save(
        self, credits: Sequence[CreditedLog], training: TrainingEntry | None = None
    ) -> None:
        """Store the training log and the credits, all or nothing, if every credited member
        is unchanged since it was read; raise MembersChanged if one changed."""
        writes = Writes(credits)
        if training is None and not writes.members:
            return
        if dialect_of(self._session) == "sqlite":
            await _save_sqlite(self._session, writes, training)
            return
        members = min(len(writes.members), 2)  # 2: several
        statement = postgres_save(training is not None, members)
        params = _postgres_params(writes, training)
        stored = await settling_conflicts(lambda: _scalar(self._session, statement, params))
        if not stored:
            raise MembersChanged()

    async def day_used(self, member: Membership, day: date) -> int:
        """What already counted for this member on one local day."""
        total = await self._session.scalar(
            select(func.coalesce(func.sum(ChallengeLogRow.amount), 0)).where(
                ChallengeLogRow.athlete_id == member.athlete_id,
                ChallengeLogRow.challenge_id == member.challenge.id,
                ChallengeLogRow.local_day == day,
            )
        )
        return int(total or 0)

    async def credited_days(self, member: Membership) -> list[date]:
        """Every local day on which something counted for this member."""
        rows = await self._session.scalars(
            select(ChallengeLogRow.local_day)
            .where(
                ChallengeLogRow.athlete_id == member.athlete_id,
                ChallengeLogRow.challenge_id == member.challenge.id,
            )
            .distinct()
        )
        return list(rows)

    async def checkin_memberships(
        self, athlete_id: int, at: datetime, kinds: Collection[str]
    ) -> list[tuple[Membership, bool]]:
        """`memberships_to_credit` for the check-in of moment `at`, each with whether that
        check-in already counted in the challenge (read with the sender when it rode there)."""
        if self._session_ride is not None:
            ride_kinds, ride = self._session_ride
            self._session_ride = None
            ridden = await ride.rows_for(athlete_id)
            if ridden is not None and ridden.moment == at and ride_kinds == tuple(kinds):
                return ridden.members
        params = {"athlete_id": athlete_id, "at": at} | kinds_params("kinds", kinds)
        rows = await self._session.execute(checkin_members(), params)
        return [(membership_from_row(row), bool(row[-1])) for row in rows]

    async def counted_checkin(self, member: Membership, at: datetime) -> bool:
        """True when the check-in of moment `at` already counted for this member."""
        found = await self._session.scalar(
            select(ChallengeLogRow.id)
            .where(
                ChallengeLogRow.athlete_id == member.athlete_id,
                ChallengeLogRow.challenge_id == member.challenge.id,
                ChallengeLogRow.source == "checkin",
                ChallengeLogRow.logged_at == at,
            )
            .limit(1)
        )
        return found is not None

    async def take_back_checkin(
        self, athlete_id: int, at: datetime, now: datetime
    ) -> list[MemberLogs]:
        """Delete the check-in of moment `at` from the athlete's logs in challenges running at
        `now`; the members it counted for, locked, with the logs that remain."""
        return await take_back_checkin(self._session, athlete_id, at, now)

    async def save_rebuilt(self, rebuilt: Sequence[tuple[Membership, Rebuilt]]) -> None:
        """Store members' rebuilt totals (bumping versions) and fix the score buckets."""
        await save_rebuilt(self._session, rebuilt)


def _ridden_memberships(rows: list[tuple[Any, ...]]) -> list[Membership]:
    """The memberships to credit among a sender read's rows, in challenge order."""
    found = [membership_from_row(row[:-1]) for row in rows if row[-1] is not None]
    return sorted(found, key=lambda member: member.challenge.id)


class SessionMembers(NamedTuple):
    """The memberships a check-in's session may credit, read with the sender, and its moment."""

    moment: datetime | None
    members: list[tuple[Membership, bool]]


def _session_members(rows: list[tuple[Any, ...]]) -> SessionMembers:
    """`ride_session_members`'s columns: the members (with `counted`) on the answered
    check-in's rows, in challenge order; its moment (None: the check-in is not the sender's)."""
    moment = next((aware(row[-1]) for row in rows if row[-1] is not None), None)
    found = [(membership_from_row(row[:-3]), bool(row[-2])) for row in rows if row[-3] is not None]
    return SessionMembers(moment, sorted(found, key=lambda pair: pair[0].challenge.id))


def _postgres_params(writes: Writes, training: TrainingEntry | None) -> Row:
    """Parallel arrays `<table>_<column>` for the one-statement PostgreSQL save; a single
    member's fields as plain values (see _member_rows in credit_postgres.py)."""
    entry = training_row(training) if training else {}
    params: Row = {f"training_{name}": value for name, value in entry.items()}
    if not writes.members:
        return params  # nothing credited: the training log alone
    for prefix, rows, fields in (
        ("log", writes.logs, LOG_FIELDS),
        ("member", writes.members, MEMBER_FIELDS + SEEN_FIELDS),
        ("bucket", writes.buckets, BUCKET_FIELDS),
    ):
        for field in fields:
            values = [row[field] for row in rows]
            single = prefix == "member" and len(rows) == 1
            params[f"{prefix}_{field}"] = values[0] if single else values
    return params


async def _save_sqlite(
    session: AsyncSession, writes: Writes, training: TrainingEntry | None
) -> None:
    """The members first, each stored only if unchanged (that first write takes SQLite's write
    lock), then the training log, the challenge logs and the score buckets."""
    if writes.members:
        fields = MEMBER_FIELDS + SEEN_FIELDS
        params = listed_params("member", writes.members, fields)
        stored = await execute_core(session, sqlite_save_members(len(writes.members)), params)
        if stored.rowcount < len(writes.members):
            raise MembersChanged()  # what was written goes with the unit of work's rollback
    if training is not None:
        await execute_core(session, add_training(), training_row(training))
    if writes.logs:
        await execute_core(session, add_logs(), writes.logs)
    if writes.buckets:
        await execute_core(session, SCORE_UPSERTS["sqlite"], writes.buckets)  # in bucket order


async def _scalar(session: AsyncSession, statement: Any, params: dict[str, Any]) -> Any:
    return (await execute_core(session, statement, params)).scalar()
