"""What the operator endpoints ask the database: reachable, schema at head, backlog."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import cast

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Table, func, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

import migrations
from bot.checkins.schedules import Status
from bot.checkins.storage.models import CheckinRow, CheckinScheduleRow
from bot.storage.times import aware

SCHEDULES = cast(Table, CheckinScheduleRow.__table__)
CHECKINS = cast(Table, CheckinRow.__table__)


def head_revisions() -> frozenset[str]:
    """The newest revisions among the migration scripts this code ships (read from disk)."""
    scripts = ScriptDirectory(str(Path(migrations.__file__).parent))
    return frozenset(scripts.get_heads())


async def schema_problem(
    engine: AsyncEngine, heads: frozenset[str], within: float = 3.0
) -> str | None:
    """None when the database answers and its schema is at `heads`, else a short reason.

    Bounded by `within` seconds: a database that does not answer is as bad as one that is
    down, and an orchestrator's probe should not hang on it.
    """

    def current(connection: Connection) -> set[str]:
        return set(MigrationContext.configure(connection).get_current_heads())

    try:
        async with asyncio.timeout(within), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
            found = await connection.run_sync(current)
    except TimeoutError:
        return "database unreachable (no answer)"
    except Exception as error:  # any driver or network failure means "not reachable"
        return f"database unreachable ({type(error).__name__})"
    if found != heads:
        return "database migrations are not at head"
    return None


async def due_backlog(engine: AsyncEngine, now: datetime) -> tuple[int, datetime | None]:
    """How many check-ins are due by `now` and not sent, and the oldest due moment."""
    pending = CHECKINS.c.status == Status.PENDING.value
    queries = (
        select(func.count(), func.min(SCHEDULES.c.next_due_at)).where(
            SCHEDULES.c.next_due_at <= now
        ),
        select(func.count(), func.min(CHECKINS.c.send_after)).where(
            pending, CHECKINS.c.send_after <= now
        ),
    )
    count, oldest = 0, None
    async with engine.connect() as connection:
        for query in queries:
            row = (await connection.execute(query)).one()
            count += int(row[0])
            if row[1] is not None:
                moment = aware(row[1])
                oldest = moment if oldest is None else min(oldest, moment)
    return count, oldest
