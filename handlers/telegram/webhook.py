"""Telegram updates posted to our HTTP server (webhook mode), fed to the PTB application."""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from telegram import Update
from telegram.ext import Application

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookReceiver:
    """The aiohttp handler for Telegram's POSTs: secret checked first, then queued for PTB.

    The update goes on the application's update queue and the answer is 200 at once, as
    Telegram wants; PTB processes it through the per-user lanes like a polled update, and
    `Application.stop` finishes whatever is queued or running.
    """

    def __init__(
        self,
        application: Application,  # type: ignore[type-arg]
        secret: str,
        admit: Callable[[Update], Awaitable[None]] | None = None,
    ) -> None:
        self._application = application
        self._secret = secret.encode()
        # Fleet lanes: the user's shared lock is taken before the 200, so order holds fleet-wide.
        self._admit = admit

    async def handle(self, request: web.Request) -> web.Response:
        """403 without the right secret token; 503 until PTB runs; 400 for a non-update."""
        offered = request.headers.get(SECRET_HEADER, "").encode("utf-8", "replace")
        if not hmac.compare_digest(offered, self._secret):
            return web.json_response({"error": "wrong or missing secret token"}, status=403)
        if not self._application.running:
            # Starting (or failed to start): taking it now could lose it; Telegram retries.
            return web.json_response({"error": "not receiving yet"}, status=503)
        update = await self._parse(request)
        if update is None:
            return web.json_response({"error": "not a Telegram update"}, status=400)
        if self._admit is not None:
            await self._admit(update)
        await self._application.update_queue.put(update)
        return web.Response(status=200)

    async def _parse(self, request: web.Request) -> Update | None:
        try:
            data: Any = await request.json()
            if not isinstance(data, dict) or type(data.get("update_id")) is not int:
                raise ValueError("no whole-number update_id")
            return Update.de_json(data, self._application.bot)
        except Exception:  # PTB raises whatever a malformed field trips over
            # A 500 would make Telegram post the same broken body again and again.
            log.info("telegram webhook: a body that is not an update was refused")
            return None
