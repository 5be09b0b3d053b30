"""Challenge storage: groups, challenges, and members with maintained totals.

Which challenges are due for a post is in post_claims.py; logs and what they credit are in
credits.py; rows become domain objects in rows.py.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.challenges.rules import Challenge, Group, Membership
from bot.challenges.storage.models import (
    MEMBER_NAME_CHARS,
    ChallengeMemberRow,
    ChallengeRow,
    ChallengeScoreRow,
    ChatGroupRow,
)
from bot.challenges.storage.post_claims import SqlPostClaims
from bot.challenges.storage.rows import (
    challenge_from_row,
    group_from_row,
    membership_from_row,
    membership_in,
    tie_key,
)
from bot.challenges.storage.statements import (
    CHALLENGE_COLUMNS,
    MEMBER_COLUMNS,
    RECOUNTS,
    add_to_scores,
    challenges_query,
    dialect_of,
)

log = logging.getLogger(__name__)

_C = ChallengeRow
_M = ChallengeMemberRow
_S = ChallengeScoreRow


class SqlChallengeRepository(SqlPostClaims):
    """Challenges and their members in SQL; totals are maintained, never recomputed per read."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def group(self, platform: str, external_id: str) -> Group | None:
        """The group or None."""
        row = await self._session.scalar(
            select(ChatGroupRow).where(
                ChatGroupRow.platform == platform, ChatGroupRow.external_id == external_id
            )
        )
        return group_from_row(row) if row else None

    async def add_group(
        self, platform: str, external_id: str, title: str, timezone: str, at: datetime
    ) -> Group:
        """Store a new group."""
        row = ChatGroupRow(
            platform=platform,
            external_id=external_id,
            title=title[:100],
            timezone=timezone,
            moderator_role=None,
            created_at=at,
        )
        self._session.add(row)
        await self._session.flush()
        return group_from_row(row)

    async def update_group(
        self,
        group_id: int,
        *,
        timezone: str | None = None,
        moderator_role: str | None = None,
        language: str | None = None,
    ) -> None:
        """Change the group's timezone, moderator role ("" clears it) and/or posts' language."""
        values: dict[str, str | None] = {}
        if timezone is not None:
            values["timezone"] = timezone
        if moderator_role is not None:
            values["moderator_role"] = moderator_role or None
        if language is not None:
            values["language"] = language
        if values:
            await self._session.execute(
                update(ChatGroupRow).where(ChatGroupRow.id == group_id).values(**values)
            )

    async def group_language(self, group_id: int) -> str | None:
        """The language of the group's posts, or None when no one set it."""
        return await self._session.scalar(
            select(ChatGroupRow.language).where(ChatGroupRow.id == group_id)
        )

    async def move_group(self, platform: str, old_external_id: str, new_external_id: str) -> bool:
        """Give a group its new platform id, with its challenges' posts; False if not moved.

        A group that already stands under the new id is dropped when it owns no challenges
        (someone spoke there first); when it owns some, both stay as they are.
        """
        old = await self.group(platform, old_external_id)
        if old is None:
            return False
        new = await self.group(platform, new_external_id)
        if new is not None:
            if await self.in_group(new.id, limit=1):
                log.warning(
                    "%s group %s not moved to %s: that id already owns challenges",
                    platform, old_external_id, new_external_id,
                )  # fmt: skip
                return False
            await self._session.execute(delete(ChatGroupRow).where(ChatGroupRow.id == new.id))
        await self._session.execute(
            update(ChatGroupRow)
            .where(ChatGroupRow.id == old.id)
            .values(external_id=new_external_id)
        )
        await self._session.execute(
            update(_C)
            .where(_C.group_id == old.id, _C.channel_id == old_external_id)
            .values(channel_id=new_external_id)
        )
        return True

    async def set_bot_present(
        self, platform: str, external_id: str, present: bool, at: datetime
    ) -> bool:
        """Record that the bot left (or came back to) a group; False if nothing changed."""
        away = ChatGroupRow.bot_removed_at.is_not(None)
        result = await self._session.execute(
            update(ChatGroupRow)
            .where(
                ChatGroupRow.platform == platform,
                ChatGroupRow.external_id == external_id,
                away if present else ~away,
            )
            .values(bot_removed_at=None if present else at)
        )
        return bool(getattr(result, "rowcount", 0))

    async def add_challenge(self, challenge: Challenge, key: str, at: datetime) -> int:
        """Store a new challenge and return its id."""
        row = ChallengeRow(
            group_id=challenge.group_id,
            name=challenge.name,
            name_key=key,
            metric=challenge.metric.stored,
            start_date=challenge.start,
            end_date=challenge.end,
            timezone=challenge.timezone,
            channel_id=challenge.channel_id,
            starts_at=challenge.starts_at,
            ends_at=challenge.ends_at,
            ended_early=False,
            announced_at=None,
            standings_week=0,
            members=0,
            created_at=at,
        )
        self._session.add(row)
        await self._session.flush()
        return row.id

    async def by_name(self, platform: str, external_id: str, key: str) -> Challenge | None:
        """The group's challenge with this case-folded name, or None."""
        query = challenges_query().where(
            ChatGroupRow.platform == platform,
            ChatGroupRow.external_id == external_id,
            _C.name_key == key,
        )
        row = (await self._session.execute(query)).first()
        return challenge_from_row(row) if row else None

    async def get(self, challenge_id: int) -> Challenge | None:
        """The challenge by id, or None."""
        query = challenges_query().where(_C.id == challenge_id)
        row = (await self._session.execute(query)).first()
        return challenge_from_row(row) if row else None

    async def in_group(self, group_id: int, limit: int = 25) -> list[Challenge]:
        """The group's challenges, newest start first."""
        query = (
            challenges_query()
            .where(_C.group_id == group_id)
            .order_by(_C.start_date.desc(), _C.id.desc())
            .limit(limit)
        )
        return [challenge_from_row(row) for row in await self._session.execute(query)]

    async def end_now(self, challenge_id: int, at: datetime) -> None:
        """Move the end moment to `at` (a moderator ended it early)."""
        await self._session.execute(
            update(_C).where(_C.id == challenge_id).values(ends_at=at, ended_early=True)
        )

    async def member(self, challenge: Challenge, athlete_id: int) -> Membership | None:
        """The athlete's membership in the challenge, hidden or not."""
        query = select(*MEMBER_COLUMNS).where(
            _M.challenge_id == challenge.id, _M.athlete_id == athlete_id
        )
        row = (await self._session.execute(query)).first()
        return membership_in(challenge, row) if row else None

    async def add_member(self, challenge_id: int, athlete_id: int, name: str, at: datetime) -> None:
        """A new visible member with a zero score."""
        await self._session.execute(
            insert(_M).values(
                challenge_id=challenge_id,
                athlete_id=athlete_id,
                display_name=name[:MEMBER_NAME_CHARS],
                hidden=False,
                score=0,
                tie_key=tie_key(at),
                day=None,
                day_amount=0,
                run=0,
                joined_at=at,
            )
        )
        await self._bump_members(challenge_id, 1)
        await add_to_scores(self._session, challenge_id, (0, 1))

    async def set_hidden(self, member: Membership, hidden: bool) -> None:
        """Leave (hide, keeping the score) or re-join (show again)."""
        challenge_id = member.challenge.id
        # The score as the update finds it: a log may have raised it since `member` was read.
        score = await self._session.scalar(
            update(_M)
            .where(_M.id == member.id, _M.hidden.is_not(hidden))
            .values(hidden=hidden, version=_M.version + 1)
            .returning(_M.score)
        )
        if score is None:
            return  # already so
        await self._bump_members(challenge_id, -1 if hidden else 1)
        await add_to_scores(self._session, challenge_id, (score, -1 if hidden else 1))

    async def _bump_members(self, challenge_id: int, delta: int) -> None:
        await self._session.execute(
            update(_C).where(_C.id == challenge_id).values(members=_C.members + delta)
        )

    async def memberships_of(self, athlete_id: int) -> list[Membership]:
        """Every membership of the athlete in any group, hidden or not."""
        query = (
            select(*MEMBER_COLUMNS, *CHALLENGE_COLUMNS)
            .join(_C, _C.id == _M.challenge_id)
            .join(ChatGroupRow, ChatGroupRow.id == _C.group_id)
            .where(_M.athlete_id == athlete_id)
            .order_by(_C.id)
        )
        return [membership_from_row(row) for row in await self._session.execute(query)]

    async def recount(self, challenge_id: int) -> None:
        """Rebuild the score buckets and member count from the members themselves."""
        visible = (_M.challenge_id == challenge_id, _M.hidden.is_(False))
        await self._session.execute(delete(_S).where(_S.challenge_id == challenge_id))
        await self._session.execute(
            RECOUNTS[dialect_of(self._session)], {"challenge_id": challenge_id}
        )
        total = select(func.count()).select_from(_M).where(*visible).scalar_subquery()
        await self._session.execute(update(_C).where(_C.id == challenge_id).values(members=total))

    async def top(self, challenge_id: int, limit: int) -> list[tuple[int, str, int]]:
        """(athlete id, name, score) of the best visible members in board order."""
        query = (
            select(_M.athlete_id, _M.display_name, _M.score)
            .where(_M.challenge_id == challenge_id, _M.hidden.is_(False))
            .order_by(_M.score.desc(), _M.tie_key.desc(), _M.id)
            .limit(limit)
        )
        return [(row[0], row[1], row[2]) for row in await self._session.execute(query)]

    async def count_above(self, challenge_id: int, score: int) -> int:
        """Visible members with a strictly higher score, summed over the score buckets."""
        total = await self._session.scalar(
            select(func.coalesce(func.sum(_S.members), 0)).where(
                _S.challenge_id == challenge_id, _S.score > score
            )
        )
        return int(total or 0)
