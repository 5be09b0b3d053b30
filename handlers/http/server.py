"""One aiohttp server per process: /healthz, /readyz, /metrics, plus the adapters' webhooks.

Readiness and the metrics' refresh are plain coroutines handed in by the runtime, so this
module knows nothing about the database or the platforms. Once `draining()` is called
(SIGTERM), /readyz answers 503 and every webhook route answers 503 too: a load balancer
stops sending here, and Telegram retries the update elsewhere, so nothing is taken that
this process would not finish.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Readiness = Callable[[], Awaitable[str | None]]  # None when ready, else a short reason
Render = Callable[[], Awaitable[bytes]]  # the metrics text, refreshed first
METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class HttpServer:
    """Serves the operator endpoints and any webhook routes added before `start`."""

    def __init__(self, host: str, port: int, *, readiness: Readiness, metrics: Render) -> None:
        self._host = host
        self._port = port
        self._readiness = readiness
        self._metrics = metrics
        self._webhooks: dict[str, Handler] = {}
        self._runner: web.AppRunner | None = None
        self.draining = False

    def add_webhook(self, path: str, handler: Handler) -> None:
        """Serve POSTs on `path` with `handler` while the process takes updates."""
        self._webhooks[path] = handler

    @property
    def port(self) -> int:
        """The port actually bound (useful when asked for port 0)."""
        if self._runner is None or not self._runner.addresses:
            return self._port
        return int(self._runner.addresses[0][1])

    async def start(self) -> None:
        """Bind and start serving; raises OSError when the port is taken."""
        app = web.Application(client_max_size=1024**2)
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/readyz", self._readyz)
        app.router.add_get("/metrics", self._render_metrics)
        for path, handler in self._webhooks.items():
            app.router.add_post(path, self._guarded(handler))
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        try:
            await web.TCPSite(self._runner, self._host, self._port).start()
        except BaseException:
            await self._runner.cleanup()
            self._runner = None
            raise
        log.info("http server on %s:%d", self._host, self.port)

    def drain(self) -> None:
        """Stop taking updates: webhooks and /readyz answer 503 from now on."""
        self.draining = True

    async def stop(self) -> None:
        """Close the listening socket and open connections."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _healthz(self, _request: web.Request) -> web.Response:
        return web.json_response({"status": "alive"})

    async def _readyz(self, _request: web.Request) -> web.Response:
        reason = "stopping" if self.draining else await self._readiness()
        if reason is not None:
            return web.json_response({"status": "not ready", "reason": reason}, status=503)
        return web.json_response({"status": "ready"})

    async def _render_metrics(self, _request: web.Request) -> web.Response:
        body = await self._metrics()
        return web.Response(body=body, headers={"Content-Type": METRICS_CONTENT_TYPE})

    def _guarded(self, handler: Handler) -> Handler:
        async def guarded(request: web.Request) -> web.StreamResponse:
            if self.draining:
                return web.json_response({"status": "stopping"}, status=503)
            return await handler(request)

        return guarded
