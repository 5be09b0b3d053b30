"""The Telegram adapter's lifecycle: build the PTB application, start polling, stop cleanly."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    Update,
)
from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application, ApplicationBuilder

from bot.errors import ConfigError
from bot.types import Platform
from handlers.telegram.handlers import TelegramHandlers
from handlers.telegram.moderators import ModeratorCache
from handlers.telegram.ratelimit import FloodLimiter, FloodLimits
from handlers.telegram.sender import TelegramSender
from handlers.telegram.updates import PerUserUpdateProcessor

if TYPE_CHECKING:
    from bot.bootstrap import App
    from bot.commands.base import Command

log = logging.getLogger(__name__)

PUBLIC_API = "https://api.telegram.org"
# Loggers that may print request URLs, which contain the token.
URL_LOGGERS = ("httpx", "httpcore", "telegram")


def api_urls(base_url: str | None) -> tuple[str, str]:
    """The Bot API and file URLs PTB wants (ending in '/bot'); accepts a base with or without it."""
    root = (base_url or PUBLIC_API).rstrip("/").removesuffix("/bot")
    return f"{root}/bot", f"{root}/file/bot"


class TokenRedactor(logging.Filter):
    """Replaces the bot token in log records, whatever library writes them."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def attach(self, on: bool = True) -> None:
        """Add the filter to (or remove it from) every HTTP and PTB logger."""
        # Logger filters are not inherited, so every existing library logger gets one.
        names = [
            name for name in logging.root.manager.loggerDict if name.split(".")[0] in URL_LOGGERS
        ]
        for name in {*names, *URL_LOGGERS}:
            logger = logging.getLogger(name)
            if on:
                logger.addFilter(self)
            else:
                logger.removeFilter(self)

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message if it contains the token; never drop it."""
        message = record.getMessage()
        if self._token in message:
            record.msg, record.args = message.replace(self._token, "<token>"), None
        return True


class TelegramRunner:
    """Implements `bot.runtime.PlatformRunner`: long polling inside the shared event loop."""

    platform = Platform.TELEGRAM

    def __init__(
        self,
        app: App,
        application: Application,  # type: ignore[type-arg]
        *,
        poll_interval: float,
        poll_timeout: float,
        redactor: TokenRedactor,
    ) -> None:
        self._app = app
        self.application = application
        limiter = application.bot.rate_limiter
        rate = limiter.send_rate if isinstance(limiter, FloodLimiter) else FloodLimits().bot.rate
        self.sender = TelegramSender(application.bot, rate)
        self.moderators = ModeratorCache(application.bot, app.clock)
        self._handlers = TelegramHandlers(app, self.sender, self.moderators)
        self._handlers.install(application)
        self._poll_interval = poll_interval
        self._poll_timeout = poll_timeout
        self._redactor = redactor

    async def start(self) -> None:
        """Connect (getMe), publish the command menu, start handling updates and polling."""
        try:
            await self.application.initialize()
        except Exception as error:
            await self.application.bot.shutdown()  # close the HTTP clients getMe opened
            if isinstance(error, InvalidToken):
                message = "Invalid setting TELEGRAM_TOKEN: Telegram rejected it"
                raise ConfigError(message) from None
            raise
        try:
            await self.publish_commands()
            await self.application.start()
            updater = self.application.updater
            if updater is None:
                raise RuntimeError("the Telegram application was built without an updater")
            await updater.start_polling(
                poll_interval=self._poll_interval,
                timeout=timedelta(seconds=self._poll_timeout),
                allowed_updates=[Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER],
            )
        except BaseException:
            # The runtime only stops runners that started: release what is running already.
            await self.stop()
            raise
        log.info("telegram bot @%s polling", self.application.bot.username)

    async def stop(self) -> None:
        """Stop polling, finish in-flight updates and close the HTTP connections."""
        updater = self.application.updater
        if updater is not None and updater.running:
            await updater.stop()
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()
        self._redactor.attach(False)

    async def publish_commands(self) -> None:
        """setMyCommands: the private-chat menu and the group menu, from the catalogue."""
        catalogue = self._app.router.registry.catalogue()
        scopes = (
            (BotCommandScopeAllPrivateChats(), [c for c in catalogue if c.in_private]),
            (BotCommandScopeAllGroupChats(), [c for c in catalogue if c.in_groups]),
        )
        bot = self.application.bot
        for scope, commands in scopes:
            try:
                await bot.set_my_commands([_bot_command(c) for c in commands], scope=scope)
            except TelegramError as error:
                # The menu is a convenience: the bot works without it.
                log.warning("could not publish telegram commands: %s", error)


def _bot_command(command: Command) -> BotCommand:
    summary = command.summary.strip() or command.name
    return BotCommand(command.name, summary[:256])


def build_telegram_runner(
    app: App,
    *,
    poll_interval: float = 0.0,
    poll_timeout: float = 10.0,
    limits: FloodLimits | None = None,
) -> TelegramRunner:
    """Build the adapter from settings; keyword arguments tune limits and polling for tests."""
    token = app.settings.telegram_token
    if token is None:
        raise ConfigError("Invalid setting TELEGRAM_TOKEN: it is not set")
    base = app.settings.telegram_api_base_url
    api, files = api_urls(str(base) if base is not None else None)
    # The bot-wide rate follows SEND_RATE, which the dispatcher's claims are sized by too.
    limiter = FloodLimiter(limits or FloodLimits(per_second=int(app.settings.send_rate)))
    redactor = TokenRedactor(token.get_secret_value())
    redactor.attach()  # before building: PTB logs the API URL (with the token) at DEBUG
    builder = (
        ApplicationBuilder()
        .token(token.get_secret_value())
        .base_url(api)
        .base_file_url(files)
        .rate_limiter(limiter)
        .concurrent_updates(PerUserUpdateProcessor())
    )
    return TelegramRunner(
        app,
        builder.build(),
        poll_interval=poll_interval,
        poll_timeout=poll_timeout,
        redactor=redactor,
    )
