"""Telegram webhook mode: a real PTB application fed by our HTTP server, replying to the fake."""

from __future__ import annotations

import asyncio
import logging

import aiohttp
import pytest

from bot.clock import ManualClock
from tests.http.conftest import TOKEN, Webhooked, webhook_parts
from tests.http.support import (
    SECRET,
    SECRET_HEADER,
    WEBHOOK_PATH,
    WebhookFakeBotApi,
    message_update,
)
from tests.telegram.fake_bot_api import Call, FakeUser

ANNA = FakeUser(501, "Anna")


async def _post(hooked: Webhooked, body: object, headers: dict[str, str] | None) -> int:
    async with hooked.client.post(
        hooked.base + WEBHOOK_PATH, json=body, headers=headers or {}
    ) as response:
        return response.status


async def _replies_to(hooked: Webhooked, chat_id: int, count: int) -> list[Call]:
    async with asyncio.timeout(15):
        while True:
            sent = [c for c in hooked.fake.calls_to("sendMessage") if c.chat_id == chat_id]
            if len(sent) >= count:
                return sent
            await asyncio.sleep(0.02)


async def test_set_webhook_is_called_with_the_url_and_the_secret(webhooked: Webhooked) -> None:
    [call] = webhooked.fake.calls_to("setWebhook")
    assert call.params["url"] == f"https://bot.example.org{WEBHOOK_PATH}"
    assert call.params["secret_token"] == SECRET
    assert webhooked.fake.calls_to("getUpdates") == []  # nothing polls in webhook mode


async def test_a_posted_update_is_answered_through_the_bot_api(webhooked: Webhooked) -> None:
    status = await _post(webhooked, message_update(1, ANNA, "/help"), {SECRET_HEADER: SECRET})
    assert status == 200
    replies = await _replies_to(webhooked, ANNA.id, 1)
    assert any("/program" in call.text for call in replies)  # the help text lists commands


@pytest.mark.parametrize("headers", [None, {SECRET_HEADER: "wrong-secret"}, {SECRET_HEADER: ""}])
async def test_without_the_right_secret_the_answer_is_403_and_nothing_happens(
    webhooked: Webhooked, headers: dict[str, str] | None
) -> None:
    status = await _post(webhooked, message_update(7, ANNA, "/help"), headers)
    assert status == 403
    await asyncio.sleep(0.5)  # time enough for a wrongly accepted update to be answered
    assert webhooked.fake.calls_to("sendMessage") == []
    metrics = await _metrics(webhooked)
    assert 'hipcoach_updates_received_total{platform="telegram"}' not in metrics


@pytest.mark.parametrize(
    "body",
    [
        ["not", "an", "update"],
        {"message": {"text": "/help"}},  # no update_id
        {"update_id": 3, "message": "a string, not a message"},
        {"update_id": 4, "message": {"message_id": 1}},  # a message without its fields
        {"update_id": "five"},
    ],
)
async def test_a_body_that_is_not_an_update_is_refused(webhooked: Webhooked, body: object) -> None:
    assert await _post(webhooked, body, {SECRET_HEADER: SECRET}) == 400
    await asyncio.sleep(0.3)  # time enough for a wrongly accepted update to be answered
    assert webhooked.fake.calls_to("sendMessage") == []


async def test_one_users_updates_are_answered_in_order(webhooked: Webhooked) -> None:
    questions = [
        "what are hip dips",
        "can exercise remove hip dips",
        "how often should I train",
        "are resistance bands good",
        "can I spot reduce fat",
    ]
    titles = [webhooked.app.services.faq.answer(q).title for q in questions]
    assert all(titles) and len(set(titles)) == len(titles)  # different answers
    for update_id, text in enumerate(questions, start=20):
        await _post(webhooked, message_update(update_id, ANNA, text), {SECRET_HEADER: SECRET})
    await _replies_to(webhooked, ANNA.id, len(questions) + 1)  # the disclaimer comes once
    replies = [c.text for c in webhooked.fake.calls_to("sendMessage") if c.chat_id == ANNA.id]
    first_seen = [next(i for i, text in enumerate(replies) if str(t) in text) for t in titles]
    assert first_seen == sorted(first_seen)


async def _metrics(hooked: Webhooked) -> str:
    async with hooked.client.get(hooked.base + "/metrics") as response:
        assert response.status == 200
        return await response.text()


@pytest.fixture
def telegram_debug_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """PTB's own logging at DEBUG (it prints each API call's parameters), set up first."""
    caplog.set_level(logging.DEBUG, logger="telegram")
    return caplog


async def test_the_secret_and_the_token_stay_out_of_debug_logs(
    telegram_debug_log: pytest.LogCaptureFixture, webhooked: Webhooked
) -> None:
    assert await _post(webhooked, message_update(9, ANNA, "/help"), {SECRET_HEADER: SECRET}) == 200
    await _replies_to(webhooked, ANNA.id, 1)
    records = [*telegram_debug_log.get_records("setup"), *telegram_debug_log.records]
    logged = "\n".join(record.getMessage() for record in records)
    assert "setWebhook" in logged  # the call that carries the secret was logged
    assert SECRET not in logged and TOKEN not in logged


async def test_before_the_bot_runs_an_update_is_refused_with_503_for_another_process(
    migrated_url: str, clock: ManualClock, fake_webhook_api: WebhookFakeBotApi
) -> None:
    app, runner, server = await webhook_parts(migrated_url, clock, fake_webhook_api)
    await server.start()  # as `hipcoach run` does: the HTTP server first, then the adapters
    try:
        async with aiohttp.ClientSession() as client:
            url = f"http://127.0.0.1:{server.port}{WEBHOOK_PATH}"
            update = message_update(11, ANNA, "/help")
            async with client.post(url, json=update, headers={SECRET_HEADER: SECRET}) as early:
                assert early.status == 503  # Telegram or the balancer posts it again elsewhere
            await runner.start()
            await runner.stop()  # a start that failed half-way stops what it started
            await asyncio.sleep(0.3)
            assert fake_webhook_api.calls_to("sendMessage") == []  # nothing taken and lost
    finally:
        await server.stop()
        await app.aclose()
