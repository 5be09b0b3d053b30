"""What the operator endpoints ask the database: reachable, schema at head, backlog."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import cast

from sqlalchemy import Table, func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

import migrations
from bot.checkins.schedules import Status
from bot.checkins.storage.models import CheckinRow, CheckinScheduleRow
from bot.storage.migrate import stored_revisions
from bot.storage.times import aware

SCHEDULES = cast(Table, CheckinScheduleRow.__table__)
CHECKINS = cast(Table, CheckinRow.__table__)


async def schema_problem(engine: AsyncEngine, within: float = 3.0) -> str | None:
    """None when the database answers and its schema is at this code's head, else a short
    reason.

    Bounded by `within` seconds: a database that does not answer is as bad as one that is
    down, and an orchestrator's probe should not hang on it.
    """
    try:
        async with asyncio.timeout(within), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
            revisions = await stored_revisions(connection)
    except TimeoutError:
        return "database unreachable (no answer)"
    except Exception as error:  # any driver or network failure means "not reachable"
        return f"database unreachable ({type(error).__name__})"
    if revisions != {migrations.HEAD}:
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
