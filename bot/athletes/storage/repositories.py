"""Repositories for athletes, accounts and profiles, mapping rows to domain types."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import Row, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.athletes.rules import Account, Athlete, TrainingProfile
from bot.athletes.storage.models import AthleteRow, PlatformAccountRow, ProfileRow
from bot.clock import Clock
from bot.storage.models import BotStateRow


def _athlete(row: AthleteRow) -> Athlete:
    return Athlete(
        id=row.id,
        created_at=row.created_at,
        dms_stopped=row.dms_stopped,
        disclaimer_seen=row.disclaimer_seen,
        language=row.language,
    )


def _account(row: PlatformAccountRow | Row[Any], language: str = "") -> Account:
    """An account from its ORM row or a Core row of `platform_accounts`' columns."""
    return Account(
        platform=row.platform,
        external_id=row.external_id,
        athlete_id=row.athlete_id,
        display_name=row.display_name,
        dm_chat_id=row.dm_chat_id,
        reachable=row.reachable,
        language=language,
    )


class SqlAthleteRepository:
    """Athletes stored in the `athletes` table."""

    def __init__(self, session: AsyncSession, clock: Clock) -> None:
        self._session = session
        self._clock = clock

    async def add(self, language: str | None = None) -> Athlete:
        """Create a new athlete (speaking `language`, when known) and return it."""
        row = AthleteRow(
            created_at=self._clock.now(),
            dms_stopped=False,
            disclaimer_seen=False,
            language=language,
        )
        self._session.add(row)
        await self._session.flush()
        return _athlete(row)

    async def get(self, athlete_id: int) -> Athlete | None:
        """Return the athlete or None."""
        row = await self._session.get(AthleteRow, athlete_id)
        return _athlete(row) if row else None

    async def set_flags(
        self,
        athlete_id: int,
        *,
        dms_stopped: bool | None = None,
        disclaimer_seen: bool | None = None,
        language: str | None = None,
    ) -> None:
        """Update the athlete's flags (and language) that are given."""
        values: dict[str, bool | str] = {}
        if dms_stopped is not None:
            values["dms_stopped"] = dms_stopped
        if disclaimer_seen is not None:
            values["disclaimer_seen"] = disclaimer_seen
        if language is not None:
            values["language"] = language
        if values:
            await self._session.execute(
                update(AthleteRow).where(AthleteRow.id == athlete_id).values(**values)
            )


class SqlAccountRepository:
    """Accounts stored in `platform_accounts`."""

    def __init__(self, session: AsyncSession, clock: Clock) -> None:
        self._session = session
        self._clock = clock

    async def find(self, platform: str, external_id: str) -> Account | None:
        """Return the account or None."""
        row = await self._session.scalar(
            select(PlatformAccountRow).where(
                PlatformAccountRow.platform == platform,
                PlatformAccountRow.external_id == external_id,
            )
        )
        return _account(row) if row else None

    async def add(self, account: Account) -> Account:
        """Store a new account."""
        self._session.add(
            PlatformAccountRow(
                platform=account.platform,
                external_id=account.external_id,
                athlete_id=account.athlete_id,
                display_name=account.display_name[:100],
                dm_chat_id=account.dm_chat_id,
                reachable=account.reachable,
                created_at=self._clock.now(),
            )
        )
        await self._session.flush()
        return account

    async def for_athlete(self, athlete_id: int) -> list[Account]:
        """All accounts of an athlete, oldest first."""
        rows = await self._session.scalars(
            select(PlatformAccountRow)
            .where(PlatformAccountRow.athlete_id == athlete_id)
            .order_by(PlatformAccountRow.id)
        )
        return [_account(row) for row in rows]

    async def recipients(
        self, athlete_ids: Collection[int]
    ) -> dict[int, tuple[bool, list[Account]]]:
        """(dms stopped, accounts oldest first) per athlete id, in one read (who gets a DM,
        and in which language)."""
        if not athlete_ids:
            return {}
        athletes, accounts = AthleteRow.__table__, PlatformAccountRow.__table__
        result = await self._session.execute(
            select(
                athletes.c.id,
                athletes.c.dms_stopped,
                athletes.c.language.label("athlete_language"),
                accounts,
            )
            .select_from(athletes)
            .outerjoin(accounts, accounts.c.athlete_id == athletes.c.id)
            .where(athletes.c.id.in_(list(athlete_ids)))
            .order_by(accounts.c.id)
        )
        found: dict[int, tuple[bool, list[Account]]] = {}
        for row in result:
            listed = found.setdefault(row[0], (bool(row[1]), []))[1]
            if row.platform is not None:
                listed.append(_account(row, row.athlete_language or ""))
        return found

    async def update(self, account: Account) -> None:
        """Save changed fields of an existing account."""
        await self._session.execute(
            update(PlatformAccountRow)
            .where(
                PlatformAccountRow.platform == account.platform,
                PlatformAccountRow.external_id == account.external_id,
            )
            .values(
                athlete_id=account.athlete_id,
                display_name=account.display_name[:100],
                dm_chat_id=account.dm_chat_id,
                reachable=account.reachable,
            )
        )


class SqlProfileRepository:
    """Training profiles stored in `profiles`."""

    def __init__(self, session: AsyncSession, clock: Clock) -> None:
        self._session = session
        self._clock = clock

    async def get(self, athlete_id: int) -> TrainingProfile | None:
        """Return the athlete's profile or None."""
        row = await self._session.get(ProfileRow, athlete_id)
        if row is None:
            return None
        return TrainingProfile(
            goal=row.goal,
            equipment=row.equipment,
            level=row.level,
            days_per_week=row.days_per_week,
            avoid=frozenset(part for part in row.avoid.split(",") if part),
            timezone=row.timezone,
        )

    async def save(self, athlete_id: int, profile: TrainingProfile) -> None:
        """Insert or replace the athlete's profile."""
        row = await self._session.get(ProfileRow, athlete_id)
        if row is None:
            row = ProfileRow(athlete_id=athlete_id)
            self._session.add(row)
        row.goal = profile.goal
        row.equipment = profile.equipment
        row.level = profile.level
        row.days_per_week = profile.days_per_week
        row.avoid = ",".join(sorted(profile.avoid))
        row.timezone = profile.timezone
        row.updated_at = self._clock.now()
        await self._session.flush()

    async def program_start(self, athlete_id: int) -> date | None:
        """The Monday week 1 of the athlete's program began, or None."""
        return await self._session.scalar(
            select(ProfileRow.program_start).where(ProfileRow.athlete_id == athlete_id)
        )

    async def set_program_start(self, athlete_id: int, start: date) -> None:
        """Remember when week 1 began (the profile row must exist)."""
        await self._session.execute(
            update(ProfileRow)
            .where(ProfileRow.athlete_id == athlete_id)
            .values(program_start=start)
        )


class SqlStateRepository:
    """Key/value facts in `bot_state`."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, key: str) -> str | None:
        """Return the stored value or None."""
        row = await self._session.get(BotStateRow, key, populate_existing=True)
        return row.value if row else None

    async def put(self, key: str, value: str) -> None:
        """Insert or replace a value (one statement: processes of a fleet starting together
        all write the same new key, and a read-then-insert would fail all but one)."""
        dialect = self._session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(BotStateRow).values(key=key, value=value)
        await self._session.execute(
            statement.on_conflict_do_update(index_elements=["key"], set_={"value": value})
        )
