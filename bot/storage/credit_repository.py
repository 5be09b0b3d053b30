"""The log path: training logs, the memberships they credit, and the credits' writes.

This is the hot path of group challenges (every `log` and every check-in answered Done), so its
statements are prebuilt and run straight on the driver (driver_path.py, credit_statements.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from datetime import date, datetime
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.challenges import CreditedLog, Membership, TrainingEntry
from bot.storage.challenge_models import MEMBER_NAME_CHARS, ChallengeLogRow
from bot.storage.challenge_repositories import membership_from_row, tie_key
from bot.storage.credit_statements import (
    BUCKET_FIELDS,
    LOG_FIELDS,
    MEMBER_FIELDS,
    postgres_credits,
    sqlite_active,
    sqlite_credits,
)
from bot.storage.driver_path import Driver, driver

Row = dict[str, Any]


class Writes:
    """The rows a batch of credits adds or changes, in a fixed lock order."""

    def __init__(self, credits: Sequence[CreditedLog]) -> None:
        self.logs: list[Row] = []
        self.members: list[Row] = []
        deltas: Counter[tuple[int, int]] = Counter()
        for credit in credits:
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
            name = credit.name[:MEMBER_NAME_CHARS] if credit.name else None
            if name == member.display_name:
                name = None
            if state == member.state and name is None:
                continue  # a capped log changes nothing on the member
            raised = state.score != member.state.score
            if raised:
                deltas[member.challenge.id, member.state.score] -= 1
                deltas[member.challenge.id, state.score] += 1
            self.members.append(
                {
                    "id": member.id,
                    "score": state.score,
                    "day": state.day,
                    "day_amount": state.day_amount,
                    "run": state.run,
                    "tie_key": tie_key(credit.at) if raised else None,  # None keeps the old one
                    "display_name": name,  # None keeps the old one
                }
            )
        # Ascending (challenge, score): concurrent logs lock shared buckets in one order.
        self.buckets: list[Row] = [
            {"challenge_id": challenge_id, "score": score, "members": delta}
            for (challenge_id, score), delta in sorted(deltas.items())
            if delta
        ]


class SqlCreditRepository:
    """Training logs and challenge credits in SQL."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record_training(
        self, entry: TrainingEntry, kinds: Collection[str], group: tuple[str, str] | None
    ) -> list[Membership]:
        """Store the athlete's log; return the memberships it may credit, locked."""
        return await self._memberships(entry.athlete_id, entry.at, kinds, group, entry)

    async def memberships_to_credit(
        self, athlete_id: int, at: datetime, kinds: Collection[str]
    ) -> list[Membership]:
        """Visible memberships in running challenges with a metric in `kinds`, locked."""
        return await self._memberships(athlete_id, at, kinds, None, None)

    async def _memberships(
        self,
        athlete_id: int,
        at: datetime,
        kinds: Collection[str],
        group: tuple[str, str] | None,
        entry: TrainingEntry | None,
    ) -> list[Membership]:
        db = await driver(self._session)
        if entry is None:
            await db.lock_for_writing()  # with a training log to insert, that insert locks
        params: dict[str, Any] = {"athlete_id": athlete_id, "at": at}
        if group is not None:
            params["platform"], params["external_id"] = group
        if entry is not None:
            params.update(
                kind=entry.kind,
                exercise_id=entry.exercise_id,
                amount=entry.amount,
                logged_at=entry.at,
            )
        metrics = list(kinds)
        if db.dialect == "postgresql":
            params["kinds"] = metrics
            rows = await db.run(
                postgres_credits().active[entry is not None, group is not None], params
            )
        else:
            if entry is not None:
                await db.run(sqlite_credits().add_training, params)
            params.update((f"kind{n}", kind) for n, kind in enumerate(metrics))
            rows = await db.run(sqlite_active(len(metrics), group is not None), params)
        return [membership_from_row(row) for row in rows]

    async def save(self, credits: Sequence[CreditedLog]) -> None:
        """Store what each credit counted and the members' new totals and board buckets."""
        writes = Writes(credits)
        if not (writes.logs or writes.members):
            return
        db = await driver(self._session)
        if db.dialect == "postgresql":
            await db.run(postgres_credits().save, _as_arrays(writes))
        else:
            await _save_row_by_row(db, writes)

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


def _as_arrays(writes: Writes) -> dict[str, list[Any]]:
    """Parallel arrays `<table>_<column>` for the one-statement PostgreSQL save."""
    arrays: dict[str, list[Any]] = {}
    for prefix, rows, fields in (
        ("log", writes.logs, LOG_FIELDS),
        ("member", writes.members, MEMBER_FIELDS),
        ("bucket", writes.buckets, BUCKET_FIELDS),
    ):
        for field in fields:
            arrays[f"{prefix}_{field}"] = [row[field] for row in rows]
    return arrays


async def _save_row_by_row(db: Driver, writes: Writes) -> None:
    statements = sqlite_credits()
    for log in writes.logs:
        await db.run(statements.add_log, log)
    for member in writes.members:
        await db.run(statements.save_member, {"member_id": member["id"], **member})
    for challenge_id, group in groupby(writes.buckets, key=itemgetter("challenge_id")):
        buckets = list(group)
        for first in range(0, len(buckets), 2):  # usually one pair: the old score, the new
            pair = buckets[first : first + 2]
            params = {"challenge_id": challenge_id}
            for n, bucket in enumerate(pair):
                params[f"score{n}"], params[f"delta{n}"] = bucket["score"], bucket["members"]
            await db.run(statements.add_to_scores[len(pair)], params)
