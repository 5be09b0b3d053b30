"""SIGTERM to a real `hipcoach run` in webhook mode: in-flight replies finish, exit status 0."""

from __future__ import annotations

import asyncio
import signal
import socket
from pathlib import Path

import aiohttp
import pytest

from tests.http.support import (
    SECRET,
    SECRET_HEADER,
    TOKEN,
    WEBHOOK_PATH,
    WebhookFakeBotApi,
    free_port,
    message_update,
    start_bot,
    wait_ready,
)
from tests.telegram.fake_bot_api import FakeUser

ANNA, BRUNO = FakeUser(701, "Anna"), FakeUser(702, "Bruno")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_sigterm_finishes_the_reply_in_flight_and_exits_0(
    migrated_url: str, tmp_path: Path
) -> None:
    fake = WebhookFakeBotApi(TOKEN, flood=None)
    api = await fake.start()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    hook = base + WEBHOOK_PATH
    fake.held[ANNA.id] = asyncio.Event()  # Anna's reply hangs on the network until released
    process = start_bot(migrated_url, api, port, tmp_path)
    try:
        async with aiohttp.ClientSession() as client:
            await wait_ready(client, base, process)
            headers = {SECRET_HEADER: SECRET}
            async with client.post(
                hook, json=message_update(1, ANNA, "/help"), headers=headers
            ) as answer:
                assert answer.status == 200
            await fake.wait_for_call("sendMessage", ANNA.id)  # the reply is in flight
            process.send_signal(signal.SIGTERM)
            await asyncio.sleep(1.0)
            assert process.poll() is None  # still finishing Anna's reply
            async with client.get(base + "/readyz") as ready:
                assert ready.status == 503  # the load balancer stops sending here
            late = message_update(2, BRUNO, "/help")
            async with client.post(hook, json=late, headers=headers) as refused:
                assert refused.status == 503  # Telegram retries it on another process
            fake.held[ANNA.id].set()
            status = await asyncio.to_thread(process.wait, 30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
        await fake.close()
    log = (tmp_path / "webhook.log").read_text()
    assert status == 0, log
    anna = [call for call in fake.calls_to("sendMessage") if call.chat_id == ANNA.id]
    assert anna and all(call.status == 200 and call.result for call in anna)
    assert "/program" in anna[0].text  # the help reply itself went out
    assert [call for call in fake.calls_to("sendMessage") if call.chat_id == BRUNO.id] == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_taken_port_stops_start_up_with_one_line(migrated_url: str, tmp_path: Path) -> None:
    fake = WebhookFakeBotApi(TOKEN, flood=None)
    api = await fake.start()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        process = start_bot(migrated_url, api, port, tmp_path)
        try:
            status = await asyncio.to_thread(process.wait, 60)
        finally:
            if process.poll() is None:
                process.kill()
            await fake.close()
    lines = (tmp_path / "webhook.log").read_text().splitlines()
    assert status == 1
    assert [line for line in lines if line.startswith("hipcoach:")] == [
        f"hipcoach: could not listen on 127.0.0.1:{port}: address already in use"
    ]
    assert fake.calls_to("setWebhook") == []  # Telegram was never pointed at this process
