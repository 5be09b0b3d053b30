"""Migrations: an empty database reaches head, and the models match the migrations."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from bot.storage import create_engine_for, upgrade_to_head
from bot.storage.schema import full_metadata


async def test_empty_database_upgrades_to_head_without_drift(database_url: str) -> None:
    engine = create_engine_for(database_url)
    try:
        await upgrade_to_head(engine)
        await upgrade_to_head(engine)  # a second run is a no-op, not an error

        def drift(connection: Connection) -> list[object]:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_as_batch": True}
            )
            return list(compare_metadata(context, full_metadata()))

        def tables(connection: Connection) -> set[str]:
            return set(inspect(connection).get_table_names())

        async with engine.connect() as connection:
            assert await connection.run_sync(drift) == []
            found = await connection.run_sync(tables)
        assert {"athletes", "platform_accounts", "profiles", "alembic_version"} <= found
    finally:
        await engine.dispose()
