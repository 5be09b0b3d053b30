"""Repositories for link codes and failed link attempts."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession

from bot.accounts.rules import LinkCode
from bot.accounts.storage.models import LinkAttemptRow, LinkCodeRow
from bot.storage.times import aware, aware_or_none


class SqlLinkCodeRepository:
    """Link codes in `link_codes`, wrong guesses in `link_attempts`."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def replace(
        self, athlete_id: int, code_hash: str, platform: str, now: datetime, expires_at: datetime
    ) -> bool:
        """Store a new code for the athlete (dropping their unused ones); False on a clash."""
        taken = await self._session.scalar(
            select(LinkCodeRow.id).where(LinkCodeRow.code_hash == code_hash)
        )
        if taken is not None:
            return False
        await self._session.execute(
            delete(LinkCodeRow).where(
                LinkCodeRow.athlete_id == athlete_id, LinkCodeRow.used_at.is_(None)
            )
        )
        self._session.add(
            LinkCodeRow(
                code_hash=code_hash,
                athlete_id=athlete_id,
                platform=platform,
                created_at=now,
                expires_at=expires_at,
            )
        )
        await self._session.flush()
        return True

    async def find(self, code_hash: str) -> LinkCode | None:
        """The code with this hash, used or not, or None."""
        row = await self._session.scalar(
            select(LinkCodeRow).where(LinkCodeRow.code_hash == code_hash)
        )
        if row is None:
            return None
        return LinkCode(
            athlete_id=row.athlete_id,
            platform=row.platform,
            expires_at=aware(row.expires_at),
            used_at=aware_or_none(row.used_at),
        )

    async def claim(self, code_hash: str, now: datetime) -> bool:
        """Mark an unused, unexpired code used; True for exactly one caller, ever."""
        result = await self._session.execute(
            update(LinkCodeRow)
            .where(
                LinkCodeRow.code_hash == code_hash,
                LinkCodeRow.used_at.is_(None),
                LinkCodeRow.expires_at > now,
            )
            .values(used_at=now)
        )
        return cast(CursorResult[Any], result).rowcount == 1

    async def record_failure(self, athlete_id: int, now: datetime) -> None:
        """Remember one wrong code typed by the athlete."""
        self._session.add(LinkAttemptRow(athlete_id=athlete_id, attempted_at=now))
        await self._session.flush()

    async def failures_since(self, athlete_id: int, since: datetime) -> tuple[int, datetime | None]:
        """How many wrong codes the athlete typed after `since`, and the earliest of them."""
        count, first = (
            await self._session.execute(
                select(func.count(), func.min(LinkAttemptRow.attempted_at)).where(
                    LinkAttemptRow.athlete_id == athlete_id, LinkAttemptRow.attempted_at > since
                )
            )
        ).one()
        return int(count), (aware(first) if first else None)

    async def purge(self, before: datetime) -> None:
        """Forget codes that expired and wrong guesses made before `before`."""
        await self._session.execute(delete(LinkCodeRow).where(LinkCodeRow.expires_at < before))
        await self._session.execute(
            delete(LinkAttemptRow).where(LinkAttemptRow.attempted_at < before)
        )
