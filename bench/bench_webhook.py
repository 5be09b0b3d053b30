"""Webhook benchmark: updates one `hipcoach run` process handles per second in webhook mode.

Run from the repository root:
    .venv/bin/python bench/bench_webhook.py [--updates 1000] [--concurrency 64]

A real `python -m bot run` (SQLite in a temporary folder) talks to the fake Bot API in this
process. Each update is a question from a different user ("what are hip dips"), so it runs
the FAQ, creates the athlete and is answered with two messages (the answer and the
first-contact disclaimer); an update counts as handled when its answer reached the fake.
Webhook mode: updates are POSTed to the process's HTTP server, `--concurrency` at a time, as
fast as it takes them. Same-run baseline: the same process in polling mode, the same updates
queued on the fake's getUpdates. SEND_RATE is raised to its maximum so Telegram's 30 a second
does not set the pace: this measures the process, not the platform's budget.

Printed per mode: updates handled per second (first post to last answer), the median and 95th
percentile from post to answer (webhook mode), and CPU seconds of the bot process and of this
process (fake Bot API plus the posting client) over the run: on this 2-core machine both
share the cores, so the bot's CPU per update is the figure that carries to a real fleet.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import resource
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp

from bot.router import DISCLAIMER
from tests.http.support import (
    SECRET,
    SECRET_HEADER,
    TOKEN,
    WEBHOOK_PATH,
    WebhookFakeBotApi,
    free_port,
    message_update,
    start_bot,
    wait_ready,
)
from tests.telegram.fake_bot_api import FakeUser

QUESTION = "what are hip dips"
FIRST_USER = 50_000_000


@dataclass
class Figures:
    """One mode's results."""

    mode: str
    handled: int
    seconds: float
    latencies: list[float]
    bot_cpu: float
    bench_cpu: float

    def show(self) -> str:
        """One printed line."""
        rate = self.handled / self.seconds
        latency = ""
        if self.latencies:
            ordered = sorted(self.latencies)
            p95 = ordered[int(0.95 * (len(ordered) - 1))]
            latency = f", post-to-answer median {statistics.median(ordered) * 1000:.0f} ms"
            latency += f" p95 {p95 * 1000:.0f} ms"
        return (
            f"{self.mode:8} {self.handled} updates in {self.seconds:.2f} s: {rate:.0f} /s"
            f"{latency}; "
            f"CPU bot {self.bot_cpu:.2f} s ({self.bot_cpu / self.handled * 1000:.1f} ms/update), "
            f"bench+fake {self.bench_cpu:.2f} s"
        )


def cpu_of(pid: int) -> float:
    """User plus system CPU seconds of a process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def own_cpu() -> float:
    """User plus system CPU seconds of this process."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Answers:
    """Watches the fake's calls: when each user got their answer."""

    def __init__(self, fake: WebhookFakeBotApi) -> None:
        self._fake = fake
        self._seen = 0
        self.at: dict[int, float] = {}

    def scan(self) -> int:
        """Record answers that arrived since the last scan; how many users are answered."""
        calls = self._fake.calls
        for call in calls[self._seen :]:
            if call.method == "sendMessage" and call.text != DISCLAIMER:
                self.at.setdefault(call.chat_id, call.at)
        self._seen = len(calls)
        return len(self.at)

    async def until(self, count: int, seconds: float = 600) -> None:
        """Wait until `count` users have their answer."""
        async with asyncio.timeout(seconds):
            while self.scan() < count:  # noqa: ASYNC110 - the fake appends calls, no event
                await asyncio.sleep(0.01)


async def run_mode(mode: str, updates: int, concurrency: int, folder: Path) -> Figures:
    """Start a bot in `mode`, feed it `updates` questions, measure until all are answered."""
    fake = WebhookFakeBotApi(TOKEN, flood=None)
    api = await fake.start()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    url = f"sqlite+aiosqlite:///{folder / f'{mode}.db'}"
    process = start_bot(url, api, port, folder, mode=mode, SEND_RATE="10000", LOG_LEVEL="WARNING")
    users = [FakeUser(FIRST_USER + i, f"User {i}") for i in range(updates)]
    try:
        connector = aiohttp.TCPConnector(limit=concurrency)
        async with aiohttp.ClientSession(connector=connector) as client:
            await wait_ready(client, base, process)
            answers = Answers(fake)
            cpu_bot, cpu_bench = cpu_of(process.pid), own_cpu()
            started = time.monotonic()
            posted: dict[int, float] = {}
            if mode == "webhook":
                await post_all(client, base + WEBHOOK_PATH, users, concurrency, posted)
            else:
                for user in users:
                    fake.push_message(user, fake.private_chat(user), QUESTION)
            await answers.until(updates)
            elapsed = max(answers.at.values()) - started
            cpu_bot, cpu_bench = cpu_of(process.pid) - cpu_bot, own_cpu() - cpu_bench
        latencies = [answers.at[user_id] - at for user_id, at in posted.items()]
        return Figures(mode, updates, elapsed, latencies, cpu_bot, cpu_bench)
    finally:
        process.send_signal(signal.SIGTERM)
        status = await asyncio.to_thread(process.wait, 60)
        await fake.close()
        if status != 0:
            print(f"{mode}: the bot exited with {status}; see {folder}/{mode}.log")


async def post_all(
    client: aiohttp.ClientSession,
    url: str,
    users: list[FakeUser],
    concurrency: int,
    posted: dict[int, float],
) -> None:
    """POST one update per user, `concurrency` at a time, recording when each was posted."""
    queue = list(enumerate(users, start=1))
    queue.reverse()
    headers = {SECRET_HEADER: SECRET}

    async def worker() -> None:
        while queue:
            update_id, user = queue.pop()
            body: Any = message_update(update_id, user, QUESTION)
            posted[user.id] = time.monotonic()
            async with client.post(url, json=body, headers=headers) as response:
                if response.status != 200:
                    raise RuntimeError(f"the webhook answered {response.status}")

    await asyncio.gather(*(worker() for _ in range(concurrency)))


async def main() -> None:
    """Both modes, one after the other, on the same machine."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=64)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    print(f"{args.updates} updates, one per user, {os.cpu_count()} cores; SEND_RATE=10000")
    with tempfile.TemporaryDirectory(prefix="bench-webhook-") as folder:
        for mode in ("webhook", "polling"):
            figures = await run_mode(mode, args.updates, args.concurrency, Path(folder))
            print(figures.show(), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
