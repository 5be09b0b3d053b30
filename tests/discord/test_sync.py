"""Command sync: the payload Discord receives, and syncing only when the command set changed."""

from __future__ import annotations

from typing import Any

from bot.bootstrap import App, bootstrap
from bot.clock import ManualClock
from handlers.discord.runner import DiscordRunner, build_discord_runner
from tests.discord.conftest import FAST, discord_settings
from tests.discord.fake_discord import MANAGE_GUILD, FakeDiscord, Person

CATALOGUE = {
    "help", "faq", "profile", "program", "checkins", "log", "progress", "challenge",
    "challenge-admin", "leaderboard", "link", "mydata", "forget", "stop",
}  # fmt: skip


def _by_name(commands: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(command["name"]): command for command in commands}


def _options(command: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {str(o["name"]): o for o in command.get("options", [])}


async def test_whole_catalogue_is_synced_globally_with_typed_options(
    runner: DiscordRunner, fake: FakeDiscord
) -> None:
    assert [scope for scope, _ in fake.command_puts] == ["global"]
    commands = _by_name(fake.command_puts[0][1])
    assert set(commands) == CATALOGUE
    for command in commands.values():
        assert 1 <= len(str(command["description"])) <= 100
    profile = _options(commands["profile"])
    assert [c["value"] for c in profile["goal"]["choices"]] == ["soften", "emphasize", "strength"]
    assert [c["value"] for c in profile["equipment"]["choices"]] == [
        "none", "bands", "dumbbells", "gym",
    ]  # fmt: skip
    assert _options(commands["faq"])["question"]["autocomplete"] is True
    admin = commands["challenge-admin"]
    assert int(admin["default_member_permissions"]) == MANAGE_GUILD
    assert set(_options(admin)) == {"create", "end", "post", "settings"}
    create = _options(_options(admin)["create"])
    assert [c["value"] for c in create["metric"]["choices"]] == ["sessions", "streak", "reps"]
    assert create["exercise"]["autocomplete"] is True
    members = commands["challenge"]
    assert members["default_member_permissions"] is None
    assert set(_options(members)) == {"join", "leave", "list"}
    assert set(_options(commands["checkins"])) == {"show", "on", "off", "snooze"}
    assert members["dm_permission"] is False  # server only
    assert commands["leaderboard"]["dm_permission"] is False
    assert commands["faq"]["dm_permission"] is True  # usable in DMs too


async def test_restart_does_not_sync_again(
    runner: DiscordRunner, discord_app: App, fake: FakeDiscord
) -> None:
    await runner.stop()
    again = build_discord_runner(discord_app, FAST)
    await again.start()
    try:
        assert len(fake.command_puts) == 1
        answer = await (await fake.slash(Person(7, "sam"), "help", dm=True)).wait(1)
        assert "hipcoach" in answer[0].text
    finally:
        await again.stop()


async def test_guild_ids_sync_to_servers_and_clear_global(
    migrated_url: str, fake: FakeDiscord, clock: ManualClock
) -> None:
    settings = discord_settings(migrated_url, fake, discord_guild_ids=str(fake.guild_id))
    app = await bootstrap(settings, clock=clock)
    runner = build_discord_runner(app, FAST)
    try:
        await runner.start()
        scopes = {scope: commands for scope, commands in fake.command_puts}
        assert set(_by_name(scopes[str(fake.guild_id)])) == CATALOGUE
        assert scopes["global"] == []
        answer = await (await fake.slash(Person(8, "kim"), "help")).wait(1)
        assert "hipcoach" in answer[0].text
    finally:
        await runner.stop()
        await app.aclose()
