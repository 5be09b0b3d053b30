"""The sender's context in one statement: account, athlete flags, pending check-in notice."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.athletes.context_port import SenderRecord
from bot.athletes.storage.models import AthleteRow, PlatformAccountRow
from bot.athletes.storage.repositories import _account as account_from_row
from bot.checkins.storage.models import CheckinScheduleRow


class SqlSenderContextRepository:
    """Reads what the router needs about a sender with one SELECT (outer join on schedules)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def read(self, platform: str, external_id: str) -> SenderRecord | None:
        """The account, its athlete's flags and the pending notice; None for a new account."""
        statement = (
            select(
                PlatformAccountRow,
                AthleteRow.dms_stopped,
                AthleteRow.disclaimer_seen,
                AthleteRow.language,
                CheckinScheduleRow.notice_pending,
            )
            .join(AthleteRow, AthleteRow.id == PlatformAccountRow.athlete_id)
            .outerjoin(
                CheckinScheduleRow, CheckinScheduleRow.athlete_id == PlatformAccountRow.athlete_id
            )
            .where(
                PlatformAccountRow.platform == platform,
                PlatformAccountRow.external_id == external_id,
            )
        )
        found = (await self._session.execute(statement)).first()
        if found is None:
            return None
        row, stopped, seen, language, pending = found
        account = account_from_row(row)
        return SenderRecord(account, bool(stopped), bool(seen), bool(pending), language)
