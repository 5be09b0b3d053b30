"""Webhook-mode settings: what is missing or malformed stops start-up with one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
WEBHOOK = {
    "telegram_mode": "webhook",
    "telegram_webhook_url": "https://bot.example.org/telegram/hook",
    "telegram_webhook_secret": "abc_DEF-123",
    "http_port": 8080,
}


def test_webhook_mode_with_everything_set_loads() -> None:
    settings = load_settings(_env_file=None, **WEBHOOK)
    assert settings.telegram_mode == "webhook"
    assert "abc_DEF-123" not in repr(settings)
    assert load_settings(_env_file=None).telegram_mode == "polling"  # the default
    assert load_settings(_env_file=None).http_port is None  # no HTTP server by default


@pytest.mark.parametrize(
    "missing", ["telegram_webhook_url", "telegram_webhook_secret", "http_port"]
)
def test_webhook_mode_needs_url_secret_and_port(missing: str) -> None:
    given = {**WEBHOOK, missing: None}
    with pytest.raises(ConfigError) as error:
        load_settings(_env_file=None, **given)
    assert str(error.value) == (
        f"Invalid setting {missing.upper()}: required when TELEGRAM_MODE=webhook"
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("telegram_mode", "push"),
        ("telegram_webhook_secret", "has spaces in it"),
        ("telegram_webhook_url", "not a url"),
        ("http_port", 70000),
    ],
)
def test_bad_values_name_the_setting(name: str, value: object) -> None:
    with pytest.raises(ConfigError, match=rf"^Invalid setting {name.upper()}: "):
        load_settings(_env_file=None, **{**WEBHOOK, name: value})


def test_hipcoach_run_without_the_secret_exits_2_with_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "HTTP_"))}
    env.update(
        PYTHONPATH=str(ROOT),
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        TELEGRAM_TOKEN="123:never-used",
        TELEGRAM_MODE="webhook",
        TELEGRAM_WEBHOOK_URL="https://bot.example.org/hook",
        HTTP_PORT="8080",
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr == (
        "hipcoach: Invalid setting TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_MODE=webhook\n"
    )
    assert not (tmp_path / "bot.db").exists()  # nothing was touched
