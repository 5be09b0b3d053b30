"""Settings: names from the design, secrets hidden, bad values refused in one line."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_is_documented_in_env_example() -> None:
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    expected = {name.upper() for name in Settings.model_fields}
    assert expected - documented == set(), "add these to .env.example"
    assert documented - expected == set(), ".env.example lists settings that do not exist"


def test_env_example_itself_loads_with_defaults() -> None:
    settings = Settings(_env_file=ROOT / ".env.example")  # type: ignore[call-arg]
    assert settings.discord_token is None
    assert settings.telegram_token is None
    assert settings.database_url.startswith("sqlite+aiosqlite")


def test_tokens_are_secret_in_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "very-secret-discord")
    monkeypatch.setenv("TELEGRAM_TOKEN", "123:very-secret-telegram")
    settings = load_settings(_env_file=None)
    assert "very-secret" not in repr(settings) + str(settings)
    assert settings.telegram_token is not None
    assert settings.telegram_token.get_secret_value() == "123:very-secret-telegram"


def test_guild_ids_are_a_comma_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_GUILD_IDS", "111, 222")
    assert load_settings(_env_file=None).discord_guild_ids == (111, 222)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DATABASE_URL", "nonsense"),
        ("DATABASE_URL", "mysql://x/y"),
        ("DEFAULT_TIMEZONE", "Mars/Olympus"),
        ("DEFAULT_TIMEZONE", "Europe"),  # a directory of zones, not a zone
        ("LOG_LEVEL", "LOUD"),
        ("DISCORD_GUILD_IDS", "abc"),
        ("TELEGRAM_API_BASE_URL", "not a url"),
    ],
)
def test_bad_values_raise_one_line_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings(_env_file=None)
    message = str(caught.value)
    assert name in message
    assert "\n" not in message


def test_bad_database_url_stops_startup_with_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "db", "upgrade"],
        env={"DATABASE_URL": "nonsense", "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "DATABASE_URL" in result.stderr
    assert not (tmp_path / "data").exists()
