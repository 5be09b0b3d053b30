"""Apply Alembic migrations from inside the running app (sharing its async engine)."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

import migrations

log = logging.getLogger(__name__)


def alembic_config(database_url: str) -> Config:
    """Alembic configuration pointing at our migrations folder and the given database."""
    config = Config()
    config.set_main_option("script_location", str(Path(migrations.__file__).parent))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


async def upgrade_to_head(engine: AsyncEngine) -> None:
    """Bring the database schema up to the newest migration."""
    url = engine.url.render_as_string(hide_password=False)
    config = alembic_config(url)

    def _upgrade(connection: Connection) -> None:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

    async with engine.begin() as connection:
        await connection.run_sync(_upgrade)
    log.info("database schema is up to date")
