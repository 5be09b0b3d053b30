"""Where discord.py sends REST calls and opens the gateway (settings may point elsewhere)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.settings import Settings

Endpoints = tuple[str, yarl.URL]


def current_endpoints() -> Endpoints:
    """The REST base and gateway discord.py uses now."""
    return Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY


def use_endpoints(settings: Settings) -> None:
    """Point discord.py at DISCORD_API_BASE_URL / DISCORD_GATEWAY_URL when they are set."""
    # discord.py keeps both endpoints as class attributes, so they are process-wide; that is
    # fine because one process runs one bot token (see DESIGN §8), and callers restore them.
    if settings.discord_api_base_url is not None:
        Route.BASE = str(settings.discord_api_base_url).rstrip("/")
    if settings.discord_gateway_url is not None:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(str(settings.discord_gateway_url))


def restore_endpoints(saved: Endpoints) -> None:
    """Put back what current_endpoints() returned."""
    Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = saved


@contextmanager
def configured_endpoints(settings: Settings) -> Iterator[None]:
    """The settings' endpoints for the duration of the block."""
    saved = current_endpoints()
    use_endpoints(settings)
    try:
        yield
    finally:
        restore_endpoints(saved)
