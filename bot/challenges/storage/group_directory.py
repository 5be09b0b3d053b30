"""The stored groups and the channels their unfinished challenges post in."""

from __future__ import annotations

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.challenges.posting_port import PostingPlace
from bot.challenges.storage.models import ChallengeRow, ChatGroupRow


class SqlGroupDirectory:
    """Implements bot.ports.GroupDirectory."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def posting_places(self, platform: str) -> list[PostingPlace]:
        """Every stored group of the platform, oldest first, with its pending post channels."""
        pending = and_(
            ChallengeRow.group_id == ChatGroupRow.id, ChallengeRow.announced_at.is_(None)
        )
        query = (
            select(
                ChatGroupRow.id,
                ChatGroupRow.external_id,
                ChatGroupRow.title,
                ChatGroupRow.bot_removed_at,
                ChallengeRow.channel_id,
            )
            .outerjoin(ChallengeRow, pending)
            .where(ChatGroupRow.platform == platform)
            .order_by(ChatGroupRow.id, ChallengeRow.id)
        )
        groups: dict[int, tuple[str, str, bool]] = {}
        channels: dict[int, list[str]] = {}
        for group_id, external_id, title, removed_at, channel_id in await self._session.execute(
            query
        ):
            groups[group_id] = (external_id, title, removed_at is None)
            found = channels.setdefault(group_id, [])
            if channel_id is not None and channel_id not in found:
                found.append(channel_id)
        return [
            PostingPlace(external_id, title, present, tuple(channels[group_id]))
            for group_id, (external_id, title, present) in groups.items()
        ]
