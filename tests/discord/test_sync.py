"""Command sync: the payload Discord receives, and syncing only when the command set changed."""

from __future__ import annotations

from typing import Any

from bot.bootstrap import App, bootstrap
from bot.clock import ManualClock
from bot.commands.declare import Param
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


OPTION_TYPES = {"text": 3, "date": 3, "choice": 3, "int": 4, "flag": 5, "channel": 7, "role": 8}


def _declared_option(param: Param) -> dict[str, Any]:
    """What the generated option must say for this declared parameter."""
    expected: dict[str, Any] = {
        "type": OPTION_TYPES[param.kind],
        "required": param.required,
        "description": param.help[:100],
        "autocomplete": param.suggest is not None,
    }
    if param.choices:
        expected["choices"] = [{"name": c, "value": c} for c in param.choices]
    if param.kind == "int":
        expected |= {"min_value": param.low, "max_value": param.high}
    elif param.kind == "date":
        expected |= {"min_length": 10, "max_length": 10}
    elif param.kind == "text" and (param.low, param.high) != (None, None):
        expected |= {"min_length": param.low, "max_length": param.high}
    return expected


def _english(option: dict[str, Any]) -> dict[str, Any]:
    """An option without its translations (tests/discord/test_menus.py checks those)."""
    choices = [{"name": c["name"], "value": c["value"]} for c in option.get("choices", [])]
    return option | ({"choices": choices} if choices else {})


async def test_the_synced_tree_is_the_declarations(
    runner: DiscordRunner, discord_app: App, fake: FakeDiscord
) -> None:
    commands = _by_name(fake.command_puts[0][1])
    for command in discord_app.router.registry.catalogue():
        if not command.on_discord:
            assert command.name not in commands
            continue
        for form in command.forms:
            if form.name:
                group = f"{command.name}-admin" if form.moderator else command.name
                synced = _options(commands[group])[form.name]
            else:
                synced = commands[command.name]
            assert synced["description"].lower() == (form.summary or command.summary).lower()
            options = _options(synced)
            assert list(options) == [p.name for p in form.params if p.required] + [
                p.name for p in form.params if not p.required
            ]
            for param in form.params:
                option = _english(options[param.name])
                for key, value in _declared_option(param).items():
                    assert option.get(key, False if key == "autocomplete" else None) == value, (
                        command.name, form.name, param.name, key,
                    )  # fmt: skip
