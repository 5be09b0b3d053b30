"""Runtime settings from the environment and `.env` (names as in DESIGN.md §5)."""

from __future__ import annotations

import logging
import re
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AnyHttpUrl,
    AnyUrl,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.errors import ConfigError

SUPPORTED_DATABASE_SCHEMES = ("sqlite+aiosqlite", "postgresql+asyncpg")
# Telegram accepts 1-256 characters of A-Z, a-z, 0-9, _ and - as a webhook secret token.
WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


class Settings(BaseSettings):
    """Every knob the operator can turn; unknown environment variables are ignored."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    database_url: str = Field(
        default="sqlite+aiosqlite:///./data/hipcoach.db",
        description="SQLAlchemy URL; postgresql+asyncpg://... to scale out",
    )
    discord_token: SecretStr | None = None
    discord_guild_ids: Annotated[tuple[int, ...], NoDecode] = ()
    discord_api_base_url: AnyHttpUrl | None = None
    discord_gateway_url: AnyUrl | None = None
    discord_shard_count: int | None = Field(default=None, ge=1, le=100_000)
    discord_shard_ids: Annotated[tuple[int, ...], NoDecode] = ()
    telegram_token: SecretStr | None = None
    telegram_api_base_url: AnyHttpUrl | None = None
    default_timezone: str = "UTC"
    log_level: str = "INFO"
    checkin_grace_hours: float = Field(default=3.0, gt=0, le=48)
    send_rate: float = Field(
        default=30.0,
        gt=0,
        le=10_000,
        description="messages per second the bot sends at most (Telegram allows about 30)",
    )
    dispatch_batch_seconds: float = Field(
        default=2.0,
        gt=0,
        le=60,
        description="the dispatcher claims what SEND_RATE delivers in this many seconds",
    )

    http_port: int | None = Field(
        default=None,
        ge=1,
        le=65535,
        description="per-process HTTP server (/healthz, /readyz, /metrics, webhooks); unset = none",
    )
    http_host: str = "127.0.0.1"
    telegram_mode: Literal["polling", "webhook"] = "polling"
    telegram_webhook_url: AnyHttpUrl | None = None
    telegram_webhook_secret: SecretStr | None = None

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        scheme, sep, _ = value.partition("://")
        if not sep or scheme not in SUPPORTED_DATABASE_SCHEMES:
            raise ValueError("must start with sqlite+aiosqlite:/// or postgresql+asyncpg://")
        return value

    @field_validator(
        "discord_token",
        "telegram_token",
        "discord_api_base_url",
        "discord_gateway_url",
        "telegram_api_base_url",
        "http_port",
        "telegram_webhook_url",
        "telegram_webhook_secret",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("telegram_mode", mode="before")
    @classmethod
    def _mode_words(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("telegram_webhook_secret")
    @classmethod
    def _usable_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not WEBHOOK_SECRET.fullmatch(value.get_secret_value()):
            raise ValueError("must be 1-256 characters of letters, digits, _ and -")
        return value

    @field_validator("discord_guild_ids", "discord_shard_ids", mode="before")
    @classmethod
    def _comma_list(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",") if part.strip()]
            if not all(part.isdigit() for part in parts):
                raise ValueError("must be a comma-separated list of numbers")
            return tuple(int(part) for part in parts)
        return value

    @field_validator("discord_shard_count", mode="before")
    @classmethod
    def _blank_count(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _shards_fit(self) -> Settings:
        count, ids = self.discord_shard_count, self.discord_shard_ids
        if ids and count is None:
            raise ValueError("DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT")
        if count is not None and any(shard >= count for shard in ids):
            raise ValueError(f"DISCORD_SHARD_IDS must each be below DISCORD_SHARD_COUNT ({count})")
        if len(set(ids)) != len(ids):
            raise ValueError("DISCORD_SHARD_IDS lists a shard twice")
        return self

    @field_validator("default_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # "Europe" is a directory
            raise ValueError(
                f"unknown timezone {value!r} (use an IANA name like Europe/Berlin)"
            ) from None
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in logging.getLevelNamesMapping():
            raise ValueError("must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return level


def load_settings(**overrides: object) -> Settings:
    """Read settings; a bad value raises ConfigError with one line naming the setting."""
    try:
        settings = Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        message = str(first["msg"]).removeprefix("Value error, ")
        if not first["loc"]:  # a rule across settings: its message names them
            raise ConfigError(f"Invalid settings: {message}") from None
        name = str(first["loc"][0]).upper()
        raise ConfigError(f"Invalid setting {name}: {message}") from None
    _check_webhook_mode(settings)
    return settings


def _check_webhook_mode(settings: Settings) -> None:
    """Webhook mode needs its URL, its secret and the HTTP server to receive on."""
    if settings.telegram_mode != "webhook":
        return
    needed = (
        ("TELEGRAM_WEBHOOK_URL", settings.telegram_webhook_url),
        ("TELEGRAM_WEBHOOK_SECRET", settings.telegram_webhook_secret),
        ("HTTP_PORT", settings.http_port),
    )
    for name, value in needed:
        if value is None:
            raise ConfigError(f"Invalid setting {name}: required when TELEGRAM_MODE=webhook")
