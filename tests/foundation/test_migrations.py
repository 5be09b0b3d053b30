"""Migrations: an empty database reaches head, and the models match the migrations."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

import migrations
from bot.storage import create_engine_for, upgrade_to_head
from bot.storage.migrate import alembic_config, stored_revisions
from bot.storage.schema import full_metadata


def test_the_head_start_up_compares_with_is_the_newest_migration() -> None:
    scripts = ScriptDirectory(str(Path(migrations.__file__).parent))
    assert scripts.get_heads() == [migrations.HEAD]


async def test_a_database_behind_head_is_upgraded_at_start(database_url: str) -> None:
    engine = create_engine_for(database_url)
    config = alembic_config(engine.url.render_as_string(hide_password=False))

    def downgrade(connection: Connection) -> None:
        config.attributes["connection"] = connection
        command.downgrade(config, "-1")

    try:
        await upgrade_to_head(engine)
        async with engine.begin() as connection:
            await connection.run_sync(downgrade)
            assert await stored_revisions(connection) != {migrations.HEAD}
        await upgrade_to_head(engine)
        async with engine.connect() as connection:
            assert await stored_revisions(connection) == {migrations.HEAD}
    finally:
        await engine.dispose()


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


async def test_discord_accounts_get_their_user_id_as_dm_chat(database_url: str) -> None:
    """0007: a Discord member known only from a server becomes reachable by DM (by user id);
    Telegram accounts without a private chat stay without one."""
    engine = create_engine_for(database_url)
    config = alembic_config(engine.url.render_as_string(hide_password=False))

    def upgrade_to(revision: str) -> Callable[[Connection], None]:
        def run(connection: Connection) -> None:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)

        return run

    try:
        async with engine.begin() as connection:
            await connection.run_sync(upgrade_to("0006"))
            await connection.execute(
                text("INSERT INTO athletes (id, created_at, dms_stopped, disclaimer_seen) "
                     "VALUES (1, CURRENT_TIMESTAMP, false, false)")
            )  # fmt: skip
            for platform, external_id, dm_chat in (
                ("discord", "1001", None), ("discord", "1002", "1002"), ("telegram", "77", None),
            ):  # fmt: skip
                await connection.execute(
                    text(
                        "INSERT INTO platform_accounts (platform, external_id, athlete_id, "
                        "display_name, dm_chat_id, reachable, created_at) VALUES "
                        "(:p, :e, 1, '', :d, true, CURRENT_TIMESTAMP)"
                    ),
                    {"p": platform, "e": external_id, "d": dm_chat},
                )
        async with engine.begin() as connection:
            await connection.run_sync(upgrade_to("head"))
            rows = await connection.execute(
                text("SELECT external_id, dm_chat_id FROM platform_accounts ORDER BY external_id")
            )
            assert [tuple(row) for row in rows] == [
                ("1001", "1001"),
                ("1002", "1002"),
                ("77", None),
            ]
    finally:
        await engine.dispose()
