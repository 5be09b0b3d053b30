"""`hipcoach check` and the invite link against the fake Discord, with the real discord.py."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from pathlib import Path

import pytest

from bot import runtime
from bot.bootstrap import App
from bot.settings import Settings
from bot.types import ChatRef, Incoming, Platform, UserRef
from handlers.console.cli import parse_args
from handlers.discord.permissions import invite_url
from handlers.discord.runner import build_discord_runner
from tests.discord.conftest import FAST, discord_settings
from tests.discord.fake_discord import FakeDiscord
from tests.discord.fake_guilds import EMBED_LINKS, SEND_MESSAGES, VIEW_CHANNEL

TOKEN = "fake-token"  # what discord_settings configures
STANDINGS = 910_000_000_000_000_020


async def check(settings: Settings, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """Run `hipcoach check` in this process; its exit status and output lines."""
    status = await runtime.dispatch(parse_args(["check"]), settings)
    out, err = capsys.readouterr()
    assert TOKEN not in out + err
    return status, out.splitlines()


def server_settings(app: App, fake: FakeDiscord) -> Settings:
    """The app's database and the fake, with the fake's server in DISCORD_GUILD_IDS."""
    return discord_settings(app.settings.database_url, fake, discord_guild_ids=(fake.guild_id,))


async def create_challenge(app: App, fake: FakeDiscord, channel_id: int) -> None:
    """A moderator creates a challenge that posts in `channel_id` of the fake's server."""
    guild = str(fake.guild_id)
    chat = ChatRef(Platform.DISCORD, guild, "group", "Hip Club", channel_id=str(fake.channel_id))
    text = f'/challenge create "Hip March" sessions 2026-03-02 2026-03-29 channel={channel_id}'
    user = UserRef(Platform.DISCORD, "1002", "morgan")
    replies = await app.router.handle(Incoming(user, chat, text, is_moderator=True))
    assert "Hip March is on" in replies[0].text, replies[0].text


async def test_good_token_prints_the_invite_link_and_exits_0(
    discord_app: App, fake: FakeDiscord, capsys: pytest.CaptureFixture[str]
) -> None:
    status, lines = await check(server_settings(discord_app, fake), capsys)
    assert status == 0, lines
    link = invite_url(fake.app_id)
    assert f"Discord invite link: {link}" in lines
    assert "scope=bot+applications.commands" in link
    assert "permissions=19456" in link  # View Channel, Send Messages, Embed Links
    assert "Discord: logged in as hipcoach (application 900000000000000001)" in lines
    assert "Hip Club: ok (the bot can post standings)" in lines
    assert lines[-1] == "All good."
    assert ("GET", "/api/v10/users/@me") in fake.requests  # a REST login, no gateway
    assert not fake.identified.is_set()


async def test_bad_token_exits_1_with_one_line_and_never_shows_the_token(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    secret = "MTIz.secret-discord-token.never-shown"
    fake.fail("GET", r"/users/@me$", 401, {"message": "401: Unauthorized", "code": 0})
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'check.db'}",
        "DISCORD_TOKEN": secret,
        "DISCORD_API_BASE_URL": fake.api_base,
        "TELEGRAM_TOKEN": "",
        "LOG_LEVEL": "DEBUG",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "check",
        cwd=tmp_path, env=environment,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=120)
    out, err = stdout.decode(), stderr.decode()
    assert process.returncode == 1, out + err
    assert secret not in out + err
    problems = [line for line in out.splitlines() if line.startswith("problem:")]
    assert problems == [
        "problem: Discord: the token in DISCORD_TOKEN was rejected; copy it again from the Bot "
        "page of your application in the Developer Portal"
    ]


async def test_standings_channel_without_embed_links_is_reported(
    discord_app: App, fake: FakeDiscord, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.guilds.add_channel(STANDINGS, "standings", deny=EMBED_LINKS)
    await create_challenge(discord_app, fake, STANDINGS)
    status, lines = await check(server_settings(discord_app, fake), capsys)
    assert status == 1
    assert [line for line in lines if line.startswith("problem:")] == [
        "problem: Hip Club (#standings): missing Embed Links"
    ]
    assert lines[-1] == "1 problem(s) found."


async def test_a_challenge_server_is_checked_without_guild_ids(
    discord_app: App, fake: FakeDiscord, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.guilds.add_channel(STANDINGS, "standings", allow=EMBED_LINKS)
    await create_challenge(discord_app, fake, STANDINGS)
    settings = discord_settings(discord_app.settings.database_url, fake)
    status, lines = await check(settings, capsys)
    assert status == 0, lines
    assert "Hip Club: ok (the bot can post standings, 1 challenge channel(s) checked)" in lines


async def test_bot_role_without_embed_links_is_reported_for_the_server(
    discord_app: App, fake: FakeDiscord, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.guilds.bot_permissions = VIEW_CHANNEL | SEND_MESSAGES
    status, lines = await check(server_settings(discord_app, fake), capsys)
    assert status == 1
    assert "problem: Hip Club: missing Embed Links (the bot's roles)" in lines


async def test_configured_server_without_the_bot_is_reported(
    discord_app: App, fake: FakeDiscord, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.guilds.joined = False
    status, lines = await check(server_settings(discord_app, fake), capsys)
    assert status == 1
    expected = "the bot is not in this server; add it with the invite link"
    assert f"problem: Server {fake.guild_id}: {expected}" in lines


async def test_run_logs_the_invite_link_once_without_the_token(
    discord_app: App, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    runner = build_discord_runner(discord_app, FAST)
    await runner.start()
    try:
        assert runner.client.application_id is not None
        link = invite_url(runner.client.application_id)
    finally:
        await runner.stop()
    assert [r.getMessage() for r in caplog.records if "invite" in r.getMessage()] == [
        f"discord invite link: {link}"
    ]
    assert all(TOKEN not in record.getMessage() for record in caplog.records)
