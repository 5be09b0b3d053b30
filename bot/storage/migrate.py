"""Apply Alembic migrations from inside the running app (sharing its async engine).

Every start checks the schema, and most find it current: that check reads the stored
revision with one query against `migrations.HEAD`, and Alembic (about 0.15-0.25 s of imports
on these machines, a tenth of chat start-up) is imported only when there is something to do.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

import migrations

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)


def alembic_config(database_url: str) -> Config:
    """Alembic configuration pointing at our migrations folder and the given database."""
    from alembic.config import Config  # imported when needed: see the module docstring

    config = Config()
    config.set_main_option("script_location", str(Path(migrations.__file__).parent))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


async def stored_revisions(connection: AsyncConnection) -> set[str]:
    """The schema revisions the database records; none for a new database."""
    try:
        found = await connection.execute(text("SELECT version_num FROM alembic_version"))
    except (OperationalError, ProgrammingError):  # no version table (SQLite; PostgreSQL)
        return set()
    return set(found.scalars())


async def upgrade_to_head(engine: AsyncEngine) -> None:
    """Bring the database schema up to the newest migration."""
    async with engine.connect() as connection:
        current = await stored_revisions(connection)
    if current == {migrations.HEAD}:
        log.info("database schema is up to date")
        return
    from alembic import command  # imported when needed: see the module docstring

    url = engine.url.render_as_string(hide_password=False)
    config = alembic_config(url)

    def _upgrade(connection: Connection) -> None:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

    async with engine.begin() as connection:
        await connection.run_sync(_upgrade)
    log.info("database schema is up to date")
