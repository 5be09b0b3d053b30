"""What each command-line verb does once settings are loaded and logging is configured."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import sys
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol

from bot.bootstrap import App, bootstrap
from bot.errors import ConfigError
from bot.faq.commands import answer_body
from bot.i18n import Language
from bot.ports import Sender
from bot.rich_layout import plain_text
from bot.settings import Settings
from bot.storage import create_engine_for, upgrade_to_head
from bot.types import Platform

if TYPE_CHECKING:
    from bot.scheduler import Scheduler
    from handlers.http.server import HttpServer

log = logging.getLogger(__name__)

BACKLOG_READ_SECONDS = 3.0  # a scrape answers without the backlog rather than hang
STOP_GRACE_SECONDS = 10.0  # how long a stop waits for a dispatch pass before interrupting it
NO_TOKENS = (
    "No platform token is set: DISCORD_TOKEN enables Discord, TELEGRAM_TOKEN enables Telegram "
    "(environment or .env). Opening the console chat instead."
)


async def dispatch(args: argparse.Namespace, settings: Settings) -> int:
    """Run the verb the user asked for and return the process exit status."""
    if args.command == "db":
        await migrate(settings)
        print("Database is up to date.")
        return 0
    if args.command in ("ask", "program"):
        app = await bootstrap(settings)
        try:
            if args.command == "ask":
                return ask(app, args.question, as_json=args.json)
            from handlers.console.program import print_program

            return print_program(app, args)
        finally:
            await app.aclose()
    app = await bootstrap(settings, migrate=True)
    try:
        if args.command == "check":
            return await check(app)
        if args.command == "chat":
            return await chat(app)
        return await run(app)
    finally:
        await app.aclose()


async def migrate(settings: Settings) -> None:
    """Apply every pending migration to the configured database."""
    engine = create_engine_for(settings.database_url)
    try:
        await upgrade_to_head(engine)
    finally:
        await engine.dispose()


def _questions(words: list[str]) -> Iterable[str]:
    if words == ["-"]:
        for line in sys.stdin:
            if line.strip():
                yield line.strip()
    else:
        yield " ".join(words)


def ask(app: App, words: list[str], *, as_json: bool) -> int:
    """Answer one question, or one per standard-input line with '-'."""
    reader = Language.parse(os.environ.get("LANG"))  # the terminal's, as in the chat
    for question in _questions(words):
        answer = app.services.faq.answer(question, reader)
        if as_json:
            print(json.dumps(answer.to_json(), ensure_ascii=False), flush=True)
        else:
            tr = app.services.catalog.translator(app.services.faq.reply_language(answer, reader))
            print(plain_text(answer_body(app.services.faq, answer, tr)))
    return 0


async def check(app: App) -> int:
    """Validate the tokens and the bot's permissions; 1 when something is wrong."""
    from handlers.console.check import findings, report

    found = await findings(app)
    return report([replace(f, text=_redacted(f.text, app.settings)) for f in found], sys.stdout)


async def chat(app: App) -> int:
    """Interactive console chat."""
    from handlers.console.chat import chat_loop

    await chat_loop(app.router, catalog=app.services.catalog)
    return 0


class PlatformRunner(Protocol):
    """A started platform adapter: Discord or Telegram, built in `handlers/`.

    Optional extras the runtime uses when a runner has them: `connected` (a bool property,
    for /readyz) and `webhook_routes()` (path -> aiohttp handler, served by the HTTP server).
    """

    @property
    def platform(self) -> Platform:
        """Which platform this adapter serves."""
        ...

    @property
    def sender(self) -> Sender:
        """How the core sends messages it starts itself on this platform."""
        ...

    async def start(self) -> None:
        """Connect and begin receiving events (returns once running)."""
        ...

    async def stop(self) -> None:
        """Disconnect cleanly."""
        ...


def build_runners(app: App) -> list[PlatformRunner]:
    """The adapters whose tokens are set; imported lazily so the core stays platform-free."""
    runners: list[PlatformRunner] = []
    if app.settings.discord_token is not None:
        from handlers.discord.runner import build_discord_runner

        runners.append(build_discord_runner(app))
    if app.settings.telegram_token is not None:
        from handlers.telegram.runner import build_telegram_runner

        runners.append(build_telegram_runner(app))
    return runners


async def run(app: App) -> int:
    """The main job: platforms with tokens plus the scheduler, else the console chat."""
    runners = build_runners(app)
    if not runners:
        print(NO_TOKENS)
        return await chat(app)
    from bot.scheduler import build_scheduler

    for runner in runners:
        app.senders[runner.platform] = runner.sender
    scheduler = build_scheduler(app)
    server = build_http_server(app, runners)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signal_number, stop.set)
    started: list[PlatformRunner] = []
    try:
        if server is not None and not await _serve(server, app.settings):
            return 1
        for runner in runners:
            if not await _start_runner(runner, app.settings):
                return 1
            started.append(runner)
            log.info("%s adapter running", runner.platform)
        scheduler.start()
        await stop.wait()
        log.info("stopping: no new updates, finishing what is in flight")
    finally:
        await _graceful_stop(app, server, scheduler, started)
    return 0


async def _start_runner(runner: PlatformRunner, settings: Settings) -> bool:
    """Start one adapter; False (with a one-line reason) when its platform is unreachable."""
    try:
        await runner.start()
    except ConfigError:
        raise
    except Exception as error:  # the platform is unreachable or refused us
        reason = _redacted(f"{type(error).__name__}: {error}", settings)
        print(f"hipcoach: could not start {runner.platform}: {reason}", file=sys.stderr)
        return False
    return True


async def _graceful_stop(
    app: App, server: HttpServer | None, scheduler: Scheduler, started: list[PlatformRunner]
) -> None:
    """Stop taking updates, let the dispatcher and in-flight replies finish (bounded).

    Leadership is given up first: the dispatcher then claims nothing more and finishes the
    batch it is sending (bounded by the grace), while another process of the fleet takes over
    the rest at once. Only then does the scheduler stop (its shutdown cancels running jobs).
    """
    if server is not None:
        server.drain()
    if app.leadership is not None:
        # A batch cancelled mid-send would go out again later: claim no more, finish instead.
        await app.leadership.close()
        await scheduler.wait_stopped(grace=STOP_GRACE_SECONDS)
    scheduler.shutdown()
    # What still runs gets the grace, then puts its unsent claims back.
    await scheduler.wait_stopped(grace=STOP_GRACE_SECONDS)
    for runner in reversed(started):
        await runner.stop()
    if server is not None:
        await server.stop()


def build_http_server(app: App, runners: list[PlatformRunner]) -> HttpServer | None:
    """The per-process HTTP server when HTTP_PORT is set (webhook routes included)."""
    port = app.settings.http_port
    if port is None:
        return None
    from handlers.http.server import HttpServer

    async def readiness() -> str | None:
        problem = await app.database_problem()
        if problem is not None:
            return problem
        down = [str(r.platform) for r in runners if not getattr(r, "connected", True)]
        return f"not connected: {', '.join(down)}" if down else None

    async def metrics() -> bytes:
        try:
            async with asyncio.timeout(BACKLOG_READ_SECONDS):
                await app.refresh_backlog()
        except Exception:  # a scrape still answers with the other figures
            log.warning("could not read the dispatch backlog", exc_info=True)
        return app.metrics.render()

    server = HttpServer(app.settings.http_host, port, readiness=readiness, metrics=metrics)
    for runner in runners:
        routes: dict[str, Any] = getattr(runner, "webhook_routes", dict)()
        for path, handler in routes.items():
            server.add_webhook(path, handler)
    return server


async def _serve(server: HttpServer, settings: Settings) -> bool:
    """Start the HTTP server; False (with a one-line reason) when the port is unusable."""
    try:
        await server.start()
    except OSError as error:
        where = f"{settings.http_host}:{settings.http_port}"
        reason = os.strerror(error.errno).lower() if error.errno else str(error)
        print(f"hipcoach: could not listen on {where}: {reason}", file=sys.stderr)
        return False
    return True


def _redacted(text: str, settings: Settings) -> str:
    """The text with any token or secret replaced, for messages that may quote a request."""
    shown = [(settings.discord_token, "<token>"), (settings.telegram_token, "<token>")]
    for secret, label in [*shown, (settings.telegram_webhook_secret, "<secret>")]:
        if secret is not None and secret.get_secret_value():
            text = text.replace(secret.get_secret_value(), label)
    return text.splitlines()[0] if text else text
