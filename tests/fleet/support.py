"""The fleet test's parts: a round-robin forwarder in front of the processes' webhooks."""

from __future__ import annotations

import itertools

import aiohttp
from aiohttp import web

from tests.checkins.processes import delivered
from tests.http.support import WEBHOOK_PATH

__all__ = ["RoundRobin", "delivered"]


class RoundRobin:
    """A tiny load balancer: each webhook POST goes to the next backend that answers."""

    def __init__(self, backends: list[str]) -> None:
        self.backends = backends
        self._turn = itertools.count()
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._client: aiohttp.ClientSession | None = None

    async def start(self) -> str:
        """Listen on a free port; returns the URL the fake Telegram posts to."""
        self._client = aiohttp.ClientSession()
        web_app = web.Application()
        web_app.router.add_post(WEBHOOK_PATH, self._forward)
        self._runner = web.AppRunner(web_app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return f"http://127.0.0.1:{self.port}"

    async def close(self) -> None:
        """Stop listening and close the client."""
        if self._runner is not None:
            await self._runner.cleanup()
        if self._client is not None:
            await self._client.close()

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._client is not None
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower().startswith("x-")}
        headers["Content-Type"] = "application/json"
        for _ in range(len(self.backends)):
            backend = self.backends[next(self._turn) % len(self.backends)]
            try:
                async with self._client.post(
                    backend + WEBHOOK_PATH, data=body, headers=headers
                ) as answer:
                    return web.Response(status=answer.status, body=await answer.read())
            except aiohttp.ClientConnectionError:
                continue  # a dead process: the balancer tries the next one
        return web.Response(status=502)
