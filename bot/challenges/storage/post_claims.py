"""Which challenges are due for a post: results once a challenge ended, weekly standings while
it runs; each claimed so that only one process posts it, and given back when a post fails."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, true, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.challenges.rules import Challenge
from bot.challenges.storage.models import ChallengeRow, ChatGroupRow
from bot.challenges.storage.rows import challenge_from_row
from bot.challenges.storage.statements import challenges_query

_C = ChallengeRow


class SqlPostClaims:
    """The claims on results and standings posts (part of SqlChallengeRepository)."""

    _session: AsyncSession

    async def claim_announcements(
        self, at: datetime, platforms: Sequence[str], limit: int = 20, only: int | None = None
    ) -> list[Challenge]:
        """Lock and mark as announced the ended, unannounced challenges (skip locked rows);
        with `only`, just that challenge if it is one of them."""
        ids = list(
            await self._session.scalars(
                select(_C.id)
                .join(ChatGroupRow, ChatGroupRow.id == _C.group_id)
                .where(
                    _C.announced_at.is_(None),
                    _C.ends_at <= at,
                    ChatGroupRow.platform.in_(list(platforms)),
                    ChatGroupRow.bot_removed_at.is_(None),  # wait until the bot is back
                    _C.id == only if only is not None else true(),
                )
                .order_by(_C.ends_at)
                .limit(limit)
                .with_for_update(skip_locked=True, of=_C)
            )
        )
        if not ids:
            return []
        await self._session.execute(update(_C).where(_C.id.in_(ids)).values(announced_at=at))
        rows = await self._session.execute(challenges_query().where(_C.id.in_(ids)))
        return [challenge_from_row(row) for row in rows]

    async def unmark_announced(self, challenge_id: int) -> None:
        """Undo a claim whose post failed for a temporary reason, so it is tried again."""
        await self._session.execute(
            update(_C).where(_C.id == challenge_id).values(announced_at=None)
        )

    async def running_since(
        self, started_before: datetime, at: datetime, platforms: Sequence[str]
    ) -> list[Challenge]:
        """Challenges still running at `at` that started before `started_before`."""
        query = challenges_query().where(
            _C.starts_at <= started_before,
            _C.ends_at > at,
            ChatGroupRow.platform.in_(list(platforms)),
            ChatGroupRow.bot_removed_at.is_(None),
        )
        return [challenge_from_row(row) for row in await self._session.execute(query)]

    async def claim_standings(self, challenge_id: int, week: int) -> bool:
        """Move the posted-week counter forward to `week`; False if someone already did."""
        result = await self._session.execute(
            update(_C)
            .where(_C.id == challenge_id, _C.standings_week < week)
            .values(standings_week=week)
        )
        return bool(getattr(result, "rowcount", 0))

    async def set_standings_week(self, challenge_id: int, week: int) -> None:
        """Put the posted-week counter back (a post failed and should be retried)."""
        await self._session.execute(
            update(_C).where(_C.id == challenge_id).values(standings_week=week)
        )
