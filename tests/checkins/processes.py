"""Real `python -m bot run` processes against the fake Bot API, for the kill, takeover and
fleet tests: start them, watch their logs and what the fake received, stop them."""

from __future__ import annotations

import asyncio
import inspect
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.checkins.support import seed_due
from tests.telegram.fake_bot_api import FakeBotApi

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:TEST-kill-nine"
SEND_RATE, BATCH_SECONDS = 200, 1.0
LEADING = "leading dispatch"  # the elected dispatcher logs this line


# Settings a test process must not inherit from the developer's shell.
OWN_SETTINGS = ("DISCORD_", "TELEGRAM_", "DATABASE_", "HTTP_", "SEND_", "DISPATCH_")


def spawn_bot(folder: Path, log_name: str, **settings: str) -> subprocess.Popen[bytes]:
    """`python -m bot run` in `folder` with exactly these settings, logging to <log_name>.log."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(OWN_SETTINGS)}
    env.update(PYTHONPATH=str(ROOT), LOG_LEVEL="INFO", **settings)
    log = (folder / f"{log_name}.log").open("wb")
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run"], cwd=folder, env=env, stdout=log, stderr=log
    )


def start_bot_process(
    url: str, api: str, folder: Path, name: str, send_rate: float = SEND_RATE
) -> subprocess.Popen[bytes]:
    """A polling process against the fake Bot API, dispatching at `send_rate`."""
    return spawn_bot(
        folder,
        name,
        DATABASE_URL=url,
        TELEGRAM_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=api,
        SEND_RATE=str(send_rate),
        DISPATCH_BATCH_SECONDS=str(BATCH_SECONDS),
    )


def delivered(fake: FakeBotApi) -> list[int]:
    """The chats of every message the fake accepted and answered: what a user received."""
    return [
        call.chat_id
        for call in fake.calls_to("sendMessage")
        if call.status == 200 and call.result is not None
    ]


def stop_all(*processes: subprocess.Popen[bytes] | None) -> None:
    """Kill whatever is still running (a failed test must not leave processes behind)."""
    for process in processes:
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(10)


async def wait_for(condition: str, check: object, seconds: float) -> None:
    """Poll `check()` (a plain or an async callable) every 0.1 s until it is true."""
    for _ in range(int(seconds * 10)):
        result = check()  # type: ignore[operator]
        if await result if inspect.isawaitable(result) else result:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting for {condition}")


def log_of(folder: Path, name: str) -> str:
    return (folder / f"{name}.log").read_text(errors="replace")


def logged_at(log: str, message: str) -> float:
    """The wall-clock time of the first log line with `message` (the log's own timestamp)."""
    line = next(line for line in log.splitlines() if message in line)
    stamp = datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f").astimezone()
    return stamp.timestamp()


async def start_pair(
    url: str, folder: Path, athletes: int, send_rate: float
) -> tuple[FakeBotApi, dict[str, subprocess.Popen[bytes]]]:
    """`athletes` check-ins due 30 s ago, the fake Bot API, and processes "a" and "b"."""
    await seed_due(url, athletes, datetime.now(UTC) - timedelta(seconds=30), user_ids="7{:06d}")
    fake = FakeBotApi(TOKEN)
    api = await fake.start()
    return fake, {name: start_bot_process(url, api, folder, name, send_rate) for name in "ab"}
