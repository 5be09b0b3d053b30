"""The fake Bot API with webhook calls, a free port, and Telegram update bodies to post."""

from __future__ import annotations

import asyncio
import socket
import subprocess
from pathlib import Path
from typing import Any

import aiohttp

from tests.checkins.processes import spawn_bot
from tests.telegram.fake_bot_api import EPOCH, Call, FakeBotApi, FakeUser

ROOT = Path(__file__).resolve().parents[2]

TOKEN = "123456:TEST-webhook-process"
SECRET = "s3cret-webhook_token"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
WEBHOOK_PATH = "/telegram/hook"


class WebhookFakeBotApi(FakeBotApi):
    """The fake Bot API, answering setWebhook like Telegram does."""

    async def _api_setWebhook(self, call: Call) -> bool:
        return True


def free_port() -> int:
    """A port nobody listens on right now (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def message_update(update_id: int, user: FakeUser, text: str) -> dict[str, Any]:
    """A Telegram update with a private text message, as Telegram posts it to a webhook."""
    message: dict[str, Any] = {
        "message_id": 10_000 + update_id,
        "date": EPOCH,
        "chat": {"id": user.id, "type": "private", "first_name": user.first_name},
        "from": user.as_json(),
        "text": text,
    }
    if text.startswith("/"):
        length = len(text.split(maxsplit=1)[0])
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    return {"update_id": update_id, "message": message}


def start_bot(
    url: str,
    api: str,
    port: int,
    folder: Path,
    *,
    mode: str = "webhook",
    name: str = "",
    **settings: str,
) -> subprocess.Popen[bytes]:
    """`python -m bot run` against the fake Bot API (token `TOKEN`), logging to <name>.log
    (`name` defaults to the mode).

    Telegram in `mode` (webhook: on WEBHOOK_PATH with SECRET), HTTP on `port`, and any
    further settings given as NAME=value keywords.
    """
    return spawn_bot(
        folder,
        name or mode,
        DATABASE_URL=url,
        TELEGRAM_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=api,
        TELEGRAM_MODE=mode,
        TELEGRAM_WEBHOOK_URL=f"https://bot.example.org{WEBHOOK_PATH}",
        TELEGRAM_WEBHOOK_SECRET=SECRET,
        HTTP_PORT=str(port),
        **settings,
    )


async def wait_ready(
    client: aiohttp.ClientSession, base: str, process: subprocess.Popen[bytes]
) -> None:
    """Poll /readyz until it answers 200; fails if the process exits meanwhile."""
    async with asyncio.timeout(90):
        while True:
            if process.poll() is not None:
                raise AssertionError("the bot exited while starting")
            try:
                async with client.get(base + "/readyz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.1)
