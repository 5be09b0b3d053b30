"""What each command-line verb does once settings are loaded and logging is configured."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import sys
from collections.abc import Iterable
from dataclasses import replace
from typing import Protocol

from bot.bootstrap import App, bootstrap
from bot.commands.faq import answer_body
from bot.errors import ConfigError
from bot.ports import Sender
from bot.settings import Settings
from bot.storage import create_engine_for, upgrade_to_head
from bot.types import Platform

log = logging.getLogger(__name__)

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
    for question in _questions(words):
        answer = app.services.faq.answer(question)
        if as_json:
            print(json.dumps(answer.to_json(), ensure_ascii=False), flush=True)
        else:
            print(answer_body(app.services.faq, answer).plain())
    return 0


async def check(app: App) -> int:
    """Validate the tokens and the bot's permissions; 1 when something is wrong."""
    from handlers.console.check import findings, report

    found = await findings(app)
    return report([replace(f, text=_redacted(f.text, app.settings)) for f in found], sys.stdout)


async def chat(app: App) -> int:
    """Interactive console chat."""
    from handlers.console.chat import chat_loop

    await chat_loop(app.router)
    return 0


class PlatformRunner(Protocol):
    """A started platform adapter: Discord or Telegram, built in `handlers/`."""

    @property
    def platform(self) -> Platform: ...

    @property
    def sender(self) -> Sender: ...

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
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signal_number, stop.set)
    started: list[PlatformRunner] = []
    try:
        for runner in runners:
            try:
                await runner.start()
            except ConfigError:
                raise
            except Exception as error:  # the platform is unreachable or refused us
                reason = _redacted(f"{type(error).__name__}: {error}", app.settings)
                print(f"hipcoach: could not start {runner.platform}: {reason}", file=sys.stderr)
                return 1
            started.append(runner)
            log.info("%s adapter running", runner.platform)
        scheduler.start()
        await stop.wait()
    finally:
        scheduler.shutdown()
        await scheduler.wait_stopped()  # a dispatcher mid-batch puts its unsent claims back
        for runner in reversed(started):
            await runner.stop()
    return 0


def _redacted(text: str, settings: Settings) -> str:
    """The text with any token replaced, for messages that may quote a request URL."""
    for token in (settings.discord_token, settings.telegram_token):
        if token is not None and token.get_secret_value():
            text = text.replace(token.get_secret_value(), "<token>")
    return text.splitlines()[0] if text else text
