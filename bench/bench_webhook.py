"""Webhook benchmark: updates `hipcoach run` handles per second in webhook mode, by one
process and by several sharing PostgreSQL.

Run from the repository root:
    .venv/bin/python bench/bench_webhook.py [--updates 1000] [--concurrency 64]
        [--processes 2] [--database-url postgresql+asyncpg://...]

Real `python -m bot run` processes talk to the fake Bot API in this process. Each update is a
question from a different user ("what are hip dips"), so it runs the FAQ, creates the athlete
and is answered with two messages (the answer and the first-contact disclaimer); an update
counts as handled when its answer reached the fake. Webhook mode: updates are POSTed to the
processes' HTTP servers round-robin, `--concurrency` at a time, as fast as they take them.
Same-run baseline: one process in polling mode, the same kind of updates queued on the
fake's getUpdates. SEND_RATE is raised to its maximum so Telegram's 30 a second does not set
the pace: this measures the processes, not the platform's budget.

Without a PostgreSQL URL (`--database-url` or HIPCOACH_BENCH_PG_URL: an empty database it may
fill) each configuration runs one process on its own SQLite file; with one, every
configuration uses it (new users for each) and the fleet run adds `--processes` processes.

Printed per configuration: updates handled per second (first post to last answer), the
median and 95th percentile from post to answer (webhook), CPU seconds of each bot process and
of this process (fake Bot API plus the posting client). Everything shares this machine's
cores, so read the ratio of the rates next to the CPU each process got.
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
    bot_cpu: list[float]  # per process
    bench_cpu: float

    def show(self) -> str:
        """One printed line."""
        rate = self.handled / self.seconds
        bots = " + ".join(f"{cpu:.2f}" for cpu in self.bot_cpu)
        latency = ""
        if self.latencies:
            ordered = sorted(self.latencies)
            p95 = ordered[int(0.95 * (len(ordered) - 1))]
            latency = f", post-to-answer median {statistics.median(ordered) * 1000:.0f} ms"
            latency += f" p95 {p95 * 1000:.0f} ms"
        return (
            f"{self.mode:10} {self.handled} updates in {self.seconds:.2f} s: {rate:.0f} /s"
            f"{latency}; CPU per bot process {bots} s "
            f"({sum(self.bot_cpu) / self.handled * 1000:.1f} ms/update), "
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


@dataclass
class Run:
    """One measured configuration: a mode, how many processes, which database."""

    mode: str
    processes: int
    database_url: str
    first_user: int

    @property
    def label(self) -> str:
        """How the configuration is printed."""
        return f"{self.mode} x{self.processes}"


async def run_mode(run: Run, updates: int, concurrency: int, folder: Path) -> Figures:
    """Start the bots, feed them `updates` questions, measure until all are answered."""
    fake = WebhookFakeBotApi(TOKEN, flood=None)
    api = await fake.start()
    ports = [free_port() for _ in range(run.processes)]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    bots = [
        start_bot(
            run.database_url,
            api,
            port,
            folder,
            mode=run.mode,
            name=f"{run.mode}-{index}",
            SEND_RATE="10000",
            LOG_LEVEL="WARNING",
        )
        for index, port in enumerate(ports)
    ]
    users = [FakeUser(run.first_user + i, f"User {i}") for i in range(updates)]
    try:
        connector = aiohttp.TCPConnector(limit=concurrency)
        async with aiohttp.ClientSession(connector=connector) as client:
            for base, bot in zip(bases, bots, strict=True):
                await wait_ready(client, base, bot)
            answers = Answers(fake)
            cpu_bots, cpu_bench = [cpu_of(bot.pid) for bot in bots], own_cpu()
            started = time.monotonic()
            posted: dict[int, float] = {}
            if run.mode == "webhook":
                hooks = [base + WEBHOOK_PATH for base in bases]
                await post_all(client, hooks, users, concurrency, posted)
            else:
                for user in users:
                    fake.push_message(user, fake.private_chat(user), QUESTION)
            await answers.until(updates)
            elapsed = max(answers.at.values()) - started
            cpu_bots = [cpu_of(bot.pid) - cpu for bot, cpu in zip(bots, cpu_bots, strict=True)]
            cpu_bench = own_cpu() - cpu_bench
        latencies = [answers.at[user_id] - at for user_id, at in posted.items()]
        return Figures(run.label, updates, elapsed, latencies, cpu_bots, cpu_bench)
    finally:
        for bot in bots:
            bot.send_signal(signal.SIGTERM)
        for index, bot in enumerate(bots):
            status = await asyncio.to_thread(bot.wait, 60)
            if status != 0:
                print(f"{run.label}: bot {index} exited with {status}; see {folder}")
        await fake.close()


async def post_all(
    client: aiohttp.ClientSession,
    urls: list[str],
    users: list[FakeUser],
    concurrency: int,
    posted: dict[int, float],
) -> None:
    """POST one update per user, `concurrency` at a time, round-robin over `urls` (a load
    balancer's job), recording when each was posted."""
    queue = list(enumerate(users, start=1))
    queue.reverse()
    headers = {SECRET_HEADER: SECRET}

    async def worker() -> None:
        while queue:
            update_id, user = queue.pop()
            body: Any = message_update(update_id, user, QUESTION)
            posted[user.id] = time.monotonic()
            url = urls[update_id % len(urls)]
            async with client.post(url, json=body, headers=headers) as response:
                if response.status != 200:
                    raise RuntimeError(f"the webhook answered {response.status}")

    await asyncio.gather(*(worker() for _ in range(concurrency)))


def runs(folder: Path, processes: int, pg_url: str | None) -> list[Run]:
    """Webhook with one process and, on PostgreSQL, with more; polling as the baseline."""
    users = iter(range(FIRST_USER, FIRST_USER * 10, 1_000_000))  # new users for each run
    if pg_url is None:
        sqlite = [f"sqlite+aiosqlite:///{folder / name}.db" for name in ("webhook", "polling")]
        return [
            Run("webhook", 1, sqlite[0], next(users)),
            Run("polling", 1, sqlite[1], next(users)),
        ]
    fleet = [Run("webhook", processes, pg_url, next(users))] if processes > 1 else []
    return [
        Run("webhook", 1, pg_url, next(users)),
        *fleet,
        Run("polling", 1, pg_url, next(users)),
    ]


async def main() -> None:
    """Every configuration, one after the other, on the same machine."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--processes", type=int, default=2, help="the fleet run's size")
    parser.add_argument("--database-url", default=os.environ.get("HIPCOACH_BENCH_PG_URL"))
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    print(f"{args.updates} updates, one per user, {os.cpu_count()} cores; SEND_RATE=10000")
    if args.database_url is None:
        print("several processes: skipped (they share PostgreSQL: pass --database-url or")
        print("HIPCOACH_BENCH_PG_URL=postgresql+asyncpg://..., an empty database it may fill)")
    with tempfile.TemporaryDirectory(prefix="bench-webhook-") as folder:
        if args.database_url is not None:
            await migrate(args.database_url)
        for run in runs(Path(folder), args.processes, args.database_url):
            figures = await run_mode(run, args.updates, args.concurrency, Path(folder))
            print(figures.show(), flush=True)


async def migrate(url: str) -> None:
    """Bring the shared database to head once, before several processes start on it."""
    from bot.storage import create_engine_for, upgrade_to_head

    engine = create_engine_for(url)
    try:
        await upgrade_to_head(engine)
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
