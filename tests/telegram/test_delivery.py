"""Delivery under Telegram's failures: flood control, blocked users, outages, our own bugs."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.bootstrap import App
from bot.commands.base import Command, Context
from bot.commands.declare import Args
from bot.errors import ConfigError
from bot.ports import DeliveryError, RecipientUnreachable, RetryLater
from bot.types import Reply
from handlers.telegram.handlers import APOLOGY
from handlers.telegram.runner import api_urls, build_telegram_runner
from tests.telegram.conftest import TOKEN, Harness, sent_texts
from tests.telegram.fake_bot_api import FakeBotApi, FakeUser

ANA = FakeUser(1001, "Ana", "Lopez")
BEN = FakeUser(1002, "Ben")


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """SQLite only: these tests are about HTTP failures, the backend plays no part."""
    return f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"


async def test_flood_control_is_waited_out_then_the_reply_arrives(telegram: Harness) -> None:
    telegram.fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    calls = await telegram.say(ANA, "/help")
    attempts = [call for call in calls if call.method == "sendMessage"]
    assert len(attempts) >= 2 and attempts[0].text == attempts[1].text  # the same message again
    delivered = [m for m in telegram.fake.messages.values() if m["chat"]["id"] == ANA.id]
    assert any("hipcoach help" in message["text"] for message in delivered)


async def test_persistent_flood_control_becomes_retry_later(telegram: Harness) -> None:
    telegram.fake.private_chat(ANA)
    for _ in range(3):  # the first try plus the two retries the test runner allows
        telegram.fake.fail_next(
            "sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1
        )
    with pytest.raises(RetryLater) as raised:
        await telegram.runner.sender.send_dm(str(ANA.id), Reply(text="Wednesday is due"))
    assert raised.value.seconds == 1


async def test_a_blocked_user_is_unreachable(telegram: Harness) -> None:
    telegram.fake.blocked.add(BEN.id)
    with pytest.raises(RecipientUnreachable):
        await telegram.runner.sender.send_dm(str(BEN.id), Reply(text="Check-in time"))


@pytest.mark.parametrize(
    ("status", "description", "expected"),
    [
        (502, "Bad Gateway", RetryLater),
        (400, "Bad Request: chat not found", RecipientUnreachable),
        (400, "Bad Request: message text is empty", DeliveryError),
    ],
)
async def test_other_failures_map_to_delivery_errors(
    telegram: Harness, status: int, description: str, expected: type[DeliveryError]
) -> None:
    telegram.fake.fail_next("sendMessage", status, description)
    with pytest.raises(expected) as raised:
        await telegram.runner.sender.send_channel("-100300", Reply(text="Week 2 standings"))
    assert type(raised.value) is expected


async def test_a_bug_is_logged_with_context_and_the_user_gets_an_apology(
    telegram: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)

    async def broken(_context: Context, _args: Args) -> list[Reply]:
        raise RuntimeError("a bug in a feature")

    telegram.app.router.registry.add(Command("broken", "always fails", broken))
    calls = await telegram.say(ANA, "/broken")
    assert sent_texts(calls) == [APOLOGY]
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR and r.exc_info]
    assert failures and f"in chat {ANA.id} failed" in failures[0].getMessage()

    # The application keeps going.
    assert any("hipcoach help" in text for text in sent_texts(await telegram.say(ANA, "/help")))
    assert all(TOKEN not in record.getMessage() for record in caplog.records)


def test_the_api_base_url_may_be_given_with_or_without_bot() -> None:
    expected = ("http://127.0.0.1:8081/bot", "http://127.0.0.1:8081/file/bot")
    assert api_urls("http://127.0.0.1:8081") == expected
    assert api_urls("http://127.0.0.1:8081/") == expected
    assert api_urls("http://127.0.0.1:8081/bot") == expected
    assert api_urls(None) == ("https://api.telegram.org/bot", "https://api.telegram.org/file/bot")


async def test_a_rejected_token_is_a_clear_configuration_error(
    tg_app: App, fake_api: FakeBotApi
) -> None:
    tg_app.settings = tg_app.settings.model_copy(update={"telegram_token": SecretStr("1:wrong")})
    runner = build_telegram_runner(tg_app)
    with pytest.raises(ConfigError, match="TELEGRAM_TOKEN"):
        await runner.start()
    assert fake_api.calls == []  # refused at getMe (401): no menu published, no polling


async def test_a_failed_start_after_connecting_releases_everything(
    tg_app: App, fake_api: FakeBotApi
) -> None:
    runner = build_telegram_runner(tg_app)
    fake_api.fail_next("deleteWebhook", 400, "Bad Request: webhook can't be removed")
    with pytest.raises(Exception, match=r"(?i)webhook"):
        await runner.start()
    # The runtime never stops a runner whose start failed, so start must clean up itself.
    updater = runner.application.updater
    assert not runner.application.running and updater is not None and not updater.running
