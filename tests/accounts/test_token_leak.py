"""Tokens never reach logs, output or error messages, through the real `hipcoach` entry point."""

from __future__ import annotations

import io
import logging
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.__main__ import NOISY_LIBRARIES, main

ROOT = Path(__file__).resolve().parents[2]
DISCORD_SECRET = "MTk4NjIyNDgzNDcxOTI1MjQ4.Gf4k3.FAKE-discord-token-never-print"
TELEGRAM_SECRET = "123456789:AAFAKE-telegram-token-never-print_0"
SECRETS = (DISCORD_SECRET, TELEGRAM_SECRET, "FAKE-discord", "FAKE-telegram")


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """Fake tokens in the environment, a scratch database, no .env file, DEBUG logging."""
    port = _closed_port()
    values = {
        "DISCORD_TOKEN": DISCORD_SECRET,
        "TELEGRAM_TOKEN": TELEGRAM_SECRET,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'leak.db'}",
        "LOG_LEVEL": "DEBUG",
        "DISCORD_API_BASE_URL": f"http://127.0.0.1:{port}/api/v10",
        "DISCORD_GATEWAY_URL": f"ws://127.0.0.1:{port}/",
        "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{port}/bot",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    levels = {name: logging.getLogger(name).level for name in NOISY_LIBRARIES}
    yield values
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def _assert_clean(*texts: str) -> None:
    for text in texts:
        for secret in SECRETS:
            assert secret not in text


def _run_main(argv: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    try:
        return main(argv)
    except SystemExit as stop:  # argparse and friends
        return int(stop.code or 0)


def test_ask_chat_and_config_errors_never_show_a_token(
    environment: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    chat = "help\n/profile goal soften\n/link\n/link ABCDEF\n/mydata\n/forget confirm\nquit\n"
    assert _run_main(["chat"], chat, monkeypatch) == 0
    assert _run_main(["ask", "--json", "-"], "what are hip dips?\nmy hip hurts\n", monkeypatch) == 0
    assert _run_main(["ask", "how", "often?"], "", monkeypatch) == 0
    monkeypatch.setenv("DEFAULT_TIMEZONE", "Mars/Olympus")
    assert _run_main(["ask", "hello"], "", monkeypatch) == 2
    monkeypatch.setenv("DEFAULT_TIMEZONE", "UTC")
    monkeypatch.setenv("DISCORD_GUILD_IDS", f"{DISCORD_SECRET},12")
    assert _run_main(["ask", "hello"], "", monkeypatch) == 2
    output = capsys.readouterr()
    assert "Invalid setting" in output.err  # the errors were really provoked
    assert '"answer"' in output.out and "link code" in output.out
    records = [record.getMessage() for record in caplog.records] + [caplog.text]
    _assert_clean(output.out, output.err, *records)


@pytest.mark.parametrize("platforms", ["discord+telegram", "telegram"])
def test_a_failing_run_never_shows_a_token(environment: dict[str, str], platforms: str) -> None:
    """`hipcoach run` against platforms that refuse connections: errors, but no token."""
    env = {**os.environ, **environment, "PYTHONPATH": str(ROOT)}
    if "discord" not in platforms:  # Discord starts first; this lets Telegram fail too
        env.pop("DISCORD_TOKEN")
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        out, err = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGINT)  # still retrying: stop it like an operator would
        try:
            out, err = process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
    assert out or err  # it said something about the failed connections
    _assert_clean(out, err)
