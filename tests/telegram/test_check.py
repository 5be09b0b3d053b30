"""`hipcoach check` against the fake Bot API, with the real python-telegram-bot client."""

from __future__ import annotations

import logging

import pytest

from bot import runtime
from bot.bootstrap import App
from bot.settings import Settings, load_settings
from bot.types import ChatRef, Incoming, Platform, UserRef
from handlers.console.cli import parse_args
from tests.telegram.conftest import TOKEN
from tests.telegram.fake_bot_api import FakeBotApi

GROUP_ID = -100300
OTHER_ID = -100400


async def check(settings: Settings, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """Run `hipcoach check` in this process; its exit status and output lines."""
    status = await runtime.dispatch(parse_args(["check"]), settings)
    out, err = capsys.readouterr()
    assert TOKEN not in out + err
    return status, out.splitlines()


async def create_challenge(app: App, group_id: int, title: str) -> None:
    """A group admin creates a challenge in a Telegram group (the group is its own channel)."""
    chat = ChatRef(Platform.TELEGRAM, str(group_id), "group", title, channel_id=str(group_id))
    text = '/challenge create "Hip March" sessions 2026-03-02 2026-03-29'
    user = UserRef(Platform.TELEGRAM, "1003", "Mo")
    replies = await app.router.handle(Incoming(user, chat, text, is_moderator=True))
    assert "Hip March is on" in replies[0].text, replies[0].text


async def test_good_token_reports_the_bot_and_privacy_mode(
    tg_app: App, fake_api: FakeBotApi, capsys: pytest.CaptureFixture[str]
) -> None:
    status, lines = await check(tg_app.settings, capsys)
    assert status == 0, lines
    assert lines[0] == "Telegram: logged in as @HipcoachTestBot"
    assert lines[1].startswith("Telegram: group privacy is on, so in groups the bot receives")
    assert lines[-1] == "All good."
    assert [call.method for call in fake_api.calls] == ["getMe"]


async def test_rejected_token_exits_1_with_one_line_and_never_shows_it(
    tg_app: App,
    fake_api: FakeBotApi,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "654321:WRONG-token-never-shown"
    settings = load_settings(
        database_url=tg_app.settings.database_url,
        discord_token=None,
        telegram_token=wrong,
        telegram_api_base_url=fake_api.base_url,
        _env_file=None,
    )
    status, lines = await check(settings, capsys)
    assert status == 1
    assert lines == [
        "problem: Telegram: the token in TELEGRAM_TOKEN was rejected; get it again from "
        "@BotFather (/token)",
        "1 problem(s) found.",
    ]
    assert all(wrong not in record.getMessage() for record in caplog.records)


async def test_each_known_group_is_checked(
    tg_app: App, fake_api: FakeBotApi, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_api.group_chat(GROUP_ID, "Glute crew")
    fake_api.group_chat(OTHER_ID, "Quiet room")
    fake_api.members_may_send[OTHER_ID] = False
    await create_challenge(tg_app, GROUP_ID, "Glute crew")
    await create_challenge(tg_app, OTHER_ID, "Quiet room")
    status, lines = await check(tg_app.settings, capsys)
    assert status == 1
    assert "Glute crew: ok (the bot can post; it needs no admin rights)" in lines
    assert [line for line in lines if line.startswith("problem:")] == [
        "problem: Quiet room: members may not send messages, so the bot cannot post; make it an "
        "admin (no admin rights needed) or let members send messages"
    ]

    fake_api.set_bot_member(OTHER_ID, "administrator")
    status, lines = await check(tg_app.settings, capsys)
    assert status == 0, lines
    assert "Quiet room: ok (the bot is an admin; it needs no admin rights)" in lines


async def test_a_group_the_bot_left_is_a_problem_while_its_challenge_posts(
    tg_app: App, fake_api: FakeBotApi, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_api.group_chat(GROUP_ID, "Glute crew")
    await create_challenge(tg_app, GROUP_ID, "Glute crew")
    fake_api.set_bot_member(GROUP_ID, "left")
    status, lines = await check(tg_app.settings, capsys)
    assert status == 1
    assert (
        "problem: Glute crew: the bot cannot reach this group (the bot is not a member); add it "
        "back for the challenge posts"
    ) in lines
