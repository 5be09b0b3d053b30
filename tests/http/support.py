"""The fake Bot API with webhook calls, a free port, and Telegram update bodies to post."""

from __future__ import annotations

import socket
from typing import Any

from tests.telegram.fake_bot_api import EPOCH, Call, FakeBotApi, FakeUser

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
