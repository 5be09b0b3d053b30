"""The Telegram adapter's lifecycle: build the PTB application, start polling, stop cleanly."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from telegram import Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application, ApplicationBuilder

from bot.errors import ConfigError
from bot.types import Platform
from handlers.telegram.handlers import TelegramHandlers
from handlers.telegram.menus import menus
from handlers.telegram.moderators import ModeratorCache
from handlers.telegram.ratelimit import FloodLimiter, FloodLimits
from handlers.telegram.sender import TelegramSender
from handlers.telegram.updates import FleetLanes, PerUserUpdateProcessor, UpdateLanes
from handlers.telegram.webhook import WebhookReceiver

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from aiohttp import web

    from bot.bootstrap import App

log = logging.getLogger(__name__)

PUBLIC_API = "https://api.telegram.org"
# Loggers that may print request URLs, which contain the token.
URL_LOGGERS = ("httpx", "httpcore", "telegram")
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER]
STOP_GRACE_SECONDS = 10.0  # in-flight updates get this long to finish on a stop


@dataclass(frozen=True)
class Webhook:
    """Webhook mode: the public URL Telegram posts to and the secret token it sends."""

    url: str
    secret: str

    @property
    def path(self) -> str:
        """The URL's path, served on this process's HTTP server."""
        return urlsplit(self.url).path or "/"


def api_urls(base_url: str | None) -> tuple[str, str]:
    """The Bot API and file URLs PTB wants (ending in '/bot'); accepts a base with or without it."""
    root = (base_url or PUBLIC_API).rstrip("/").removesuffix("/bot")
    return f"{root}/bot", f"{root}/file/bot"


class TokenRedactor(logging.Filter):
    """Replaces the bot token (and the webhook secret) in log records, whatever library writes
    them: PTB logs every API call's parameters at DEBUG, setWebhook's secret_token included."""

    def __init__(self, token: str, *secrets: str) -> None:
        super().__init__()
        self._secrets = {token: "<token>"} | {secret: "<secret>" for secret in secrets if secret}

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
        redacted = message
        for secret, shown in self._secrets.items():
            redacted = redacted.replace(secret, shown)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


class TelegramRunner:
    """Implements `bot.runtime.PlatformRunner`: long polling, or a webhook on our HTTP server,
    inside the shared event loop."""

    platform = Platform.TELEGRAM

    def __init__(
        self,
        app: App,
        application: Application,  # type: ignore[type-arg]
        *,
        poll_interval: float,
        poll_timeout: float,
        redactor: TokenRedactor,
        webhook: Webhook | None = None,
        stop_grace: float = STOP_GRACE_SECONDS,
        admit: Callable[[Update], Awaitable[None]] | None = None,
    ) -> None:
        self._app = app
        self.application = application
        limiter = application.bot.rate_limiter
        rate = limiter.send_rate if isinstance(limiter, FloodLimiter) else FloodLimits().bot.rate
        self.sender = TelegramSender(application.bot, rate, app.metrics)
        self.moderators = ModeratorCache(application.bot, app.clock)
        self._handlers = TelegramHandlers(app, self.sender, self.moderators)
        self._handlers.install(application)
        self._poll_interval = poll_interval
        self._poll_timeout = poll_timeout
        self._redactor = redactor
        self._webhook = webhook
        self._stop_grace = stop_grace
        self._receiving = False
        self.receiver = (
            WebhookReceiver(application, webhook.secret, admit) if webhook is not None else None
        )

    @property
    def connected(self) -> bool:
        """Whether updates are coming in: polling runs, or the webhook is registered."""
        return self._receiving and self.application.running

    def webhook_routes(self) -> dict[str, Callable[[web.Request], Awaitable[web.Response]]]:
        """The HTTP routes to serve (webhook mode: the webhook URL's path)."""
        if self._webhook is None or self.receiver is None:
            return {}
        return {self._webhook.path: self.receiver.handle}

    async def start(self) -> None:
        """Connect (getMe), publish the command menu, start handling updates and receiving."""
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
            await self._receive()
        except BaseException:
            # The runtime only stops runners that started: release what is running already.
            await self.stop()
            raise
        self._receiving = True
        how = "webhook" if self._webhook is not None else "polling"
        log.info("telegram bot @%s receiving by %s", self.application.bot.username, how)

    async def _receive(self) -> None:
        """Register the webhook with Telegram, or start long polling."""
        if self._webhook is not None:
            # Every process of a fleet sets the same URL: idempotent for Telegram.
            await self.application.bot.set_webhook(
                self._webhook.url,
                secret_token=self._webhook.secret,
                allowed_updates=ALLOWED_UPDATES,
            )
            return
        updater = self.application.updater
        if updater is None:
            raise RuntimeError("the Telegram application was built without an updater")
        await updater.start_polling(
            poll_interval=self._poll_interval,
            timeout=timedelta(seconds=self._poll_timeout),
            allowed_updates=ALLOWED_UPDATES,
        )

    async def stop(self) -> None:
        """Stop receiving, finish in-flight updates (bounded) and close the HTTP connections.

        The webhook stays registered: other processes of the fleet keep receiving on it.
        """
        self._receiving = False
        updater = self.application.updater
        if updater is not None and updater.running:
            await updater.stop()
        if self.application.running:
            try:
                # PTB's stop handles what is queued and waits for updates being processed.
                async with asyncio.timeout(self._stop_grace):
                    await self.application.stop()
            except TimeoutError:
                log.warning("telegram updates still running after %.0f s", self._stop_grace)
        await self.application.shutdown()
        self._redactor.attach(False)

    async def publish_commands(self) -> None:
        """setMyCommands: the private-chat and group menus in every language, from the catalogue."""
        catalogue = self._app.router.registry.catalogue()
        bot = self.application.bot
        for scope, language, commands in menus(catalogue, self._app.services.catalog):
            try:
                await bot.set_my_commands(commands, scope=scope, language_code=language)
            except TelegramError as error:
                # The menu is a convenience: the bot works without it.
                log.warning("could not publish telegram commands: %s", error)


def build_telegram_runner(
    app: App,
    *,
    poll_interval: float = 0.0,
    poll_timeout: float = 10.0,
    limits: FloodLimits | None = None,
    lanes: UpdateLanes | None = None,
) -> TelegramRunner:
    """Build the adapter from settings; keyword arguments tune limits and polling for tests.

    `lanes` orders each user's updates (default: within this process only; across the
    fleet in webhook mode on PostgreSQL).
    """
    token = app.settings.telegram_token
    if token is None:
        raise ConfigError("Invalid setting TELEGRAM_TOKEN: it is not set")
    base = app.settings.telegram_api_base_url
    api, files = api_urls(str(base) if base is not None else None)
    # The bot-wide rate follows SEND_RATE, which the dispatcher's claims are sized by too.
    # A fleet on PostgreSQL shares the bot-wide budget: every process reserves its slots in one row.
    shared = app.send_budgets.reserver("telegram") if app.send_budgets is not None else None
    limits = limits or FloodLimits(per_second=int(app.settings.send_rate))
    limiter = FloodLimiter(limits, shared=shared)
    webhook = _webhook(app)
    secret = webhook.secret if webhook is not None else ""
    if lanes is None and webhook is not None and app.user_locks is not None:
        lanes = FleetLanes(app.user_locks)
    redactor = TokenRedactor(token.get_secret_value(), secret)
    redactor.attach()  # before building: PTB logs the API URL (with the token) at DEBUG
    builder = (
        ApplicationBuilder()
        .token(token.get_secret_value())
        .base_url(api)
        .base_file_url(files)
        .rate_limiter(limiter)
        .concurrent_updates(PerUserUpdateProcessor(lanes=lanes, metrics=app.metrics))
    )
    if webhook is not None:
        builder = builder.updater(None)  # Telegram posts to our HTTP server instead
    return TelegramRunner(
        app,
        builder.build(),
        poll_interval=poll_interval,
        poll_timeout=poll_timeout,
        redactor=redactor,
        webhook=webhook,
        admit=lanes.admit if isinstance(lanes, FleetLanes) else None,
    )


def _webhook(app: App) -> Webhook | None:
    settings = app.settings
    if settings.telegram_mode != "webhook":
        return None
    url, secret = settings.telegram_webhook_url, settings.telegram_webhook_secret
    if url is None or secret is None:  # load_settings refuses this already
        raise ConfigError(
            "Invalid setting TELEGRAM_WEBHOOK_URL: required when TELEGRAM_MODE=webhook"
        )
    return Webhook(str(url), secret.get_secret_value())
