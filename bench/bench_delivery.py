"""Delivery benchmark: due check-ins through the real PTB client to a fake Bot API that enforces
Telegram's flood limits (more than 30 messages in any rolling second bot-wide answers 429 with
`retry_after`), with our FloodLimiter and, as the same-run baseline, the configuration it
replaced: PTB's AIORateLimiter at 30 a second bot-wide, 20 a minute per group, 3 retries (the
old per-DM pacer changes nothing here, every check-in goes to a different chat).

Run from the repository root:
    .venv/bin/python bench/bench_delivery.py [--messages 3000] [--scale 1.0] [--workers 100]

Each check-in is rendered by the core (`checkin_message`, with its answer buttons) and handed
to the Telegram adapter's Sender port (`TelegramSender.send_dm`) by `workers` concurrent
tasks, as a dispatcher batch due at one moment would. Figures per configuration:
  - sustained rate: messages the fake accepted per Telegram second, from the first to the
    last (target >= 95% of 30), and the most it accepted in any rolling second (limit 30)
    and in the first second of the burst;
  - how many were sent in the first second (accepted or refused: a full bucket let out at
    once shows here);
  - 429s the fake answered (target 0), and check-ins the sender gave back for re-queueing
    (PTB's "Rate limit hit after maximum of 3 retries").
The default is real seconds and 3,000 messages: about 100 s per configuration. `--messages
600` is a shorter run. `--scale S` makes a Telegram second last S real seconds in the fake and
in both limiters (a time-scaled run), but the client and the fake share one process, about
7 ms of CPU per message, so beyond some 40 messages a real second the CPU, not the limiter,
sets the pace: scaled runs tell little about the rate.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from telegram.ext import AIORateLimiter, ApplicationBuilder, BaseRateLimiter

from bot.checkins.messages import checkin_message
from bot.checkins.schedules import Checkin, DueExercise, DueSession, Status
from bot.i18n import english
from bot.ports import DeliveryError
from bot.types import Reply
from handlers.telegram.ratelimit import FloodLimiter, FloodLimits
from handlers.telegram.runner import api_urls
from handlers.telegram.sender import TelegramSender
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.fake_flood import FloodRules

TOKEN = "123456:bench-token"
FIRST_CHAT = 10_000_000
DUE = datetime(2026, 3, 4, 17, 0, tzinfo=UTC)
SESSION = DueSession(
    "Lateral day",
    (
        DueExercise("clamshell", "Clamshell", 3, 15, "3 sets x 12-15 reps"),
        DueExercise("band-walk", "Lateral band walk", 3, 12, "3 sets x 10-12 reps"),
    ),
)


@dataclass
class Result:
    """What one configuration achieved."""

    name: str
    delivered: int
    refusals: int
    given_back: int
    seconds: float  # real seconds from the first accepted message to the last
    rate: float  # accepted messages per Telegram second over that span
    most_in_a_second: int
    first_second: int  # accepted in the first second of the burst
    tried_first_second: int  # sent in it, accepted or refused


def checkins(count: int) -> list[tuple[str, Reply]]:
    """`count` due check-ins, rendered by the core, each for its own private chat."""
    day = date(2026, 3, 4)
    return [
        (
            str(FIRST_CHAT + number),
            checkin_message(
                Checkin(number + 1, number + 1, DUE, day, Status.SENDING), SESSION, english()
            ),
        )
        for number in range(count)
    ]


class OldLimiter(AIORateLimiter):
    """AIORateLimiter as configured before; it reads rate_limit_args as a retry count, so the
    sender's lane mark (which the old sender did not pass) is dropped."""

    async def process_request(  # type: ignore[override]
        self,
        callback: Any,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: object,
    ) -> Any:
        """The old behaviour, unchanged."""
        return await super().process_request(callback, args, kwargs, endpoint, data, None)


def limiter_for(name: str, scale: float) -> BaseRateLimiter[Any]:
    """Ours, or the old AIORateLimiter configuration on the same time scale."""
    if name == "paced":
        return FloodLimiter(FloodLimits(second=scale))
    return OldLimiter(
        overall_max_rate=30,
        overall_time_period=scale,
        group_max_rate=20,
        group_time_period=60 * scale,
        max_retries=3,
    )


async def deliver(name: str, count: int, scale: float, workers: int) -> Result:
    """Send `count` check-ins through PTB with this limiter to a fresh enforcing fake."""
    fake = FakeBotApi(TOKEN, FloodRules(second=scale))
    api, files = api_urls(await fake.start())
    application = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(api)
        .base_file_url(files)
        .rate_limiter(limiter_for(name, scale))
        .updater(None)
        .build()
    )
    await application.initialize()
    sender = TelegramSender(application.bot)
    queue: asyncio.Queue[tuple[str, Reply]] = asyncio.Queue()
    for item in checkins(count):
        queue.put_nowait(item)
    given_back = 0

    async def worker() -> None:
        nonlocal given_back
        while not queue.empty():
            chat, reply = queue.get_nowait()
            try:
                await sender.send_dm(chat, reply)
            except DeliveryError:
                given_back += 1  # the dispatcher would re-queue it

    try:
        await asyncio.gather(*(worker() for _ in range(workers)))
    finally:
        await application.shutdown()
        await fake.close()
    return summarise(name, fake, scale, given_back)


def summarise(name: str, fake: FakeBotApi, scale: float, given_back: int) -> Result:
    """The figures from what the fake accepted and refused."""
    assert fake.flood is not None
    moments = [at for at, _ in fake.flood.accepted]
    span = moments[-1] - moments[0] if len(moments) > 1 else 0.0
    rate = (len(moments) - 1) / span * scale if span else 0.0
    first = sum(1 for at in moments if at - moments[0] < scale)
    tried = sorted(call.at for call in fake.calls if call.method == "sendMessage")
    tried_first = sum(1 for at in tried if at - tried[0] < scale)
    return Result(
        name,
        delivered=len({chat for _, chat in fake.flood.accepted}),
        refusals=len(fake.flood.refused),
        given_back=given_back,
        seconds=span,
        rate=rate,
        most_in_a_second=fake.flood.most_in(scale),
        first_second=first,
        tried_first_second=tried_first,
    )


def report(results: list[Result], count: int, scale: float, workers: int) -> None:
    """Print the table."""
    timing = "real seconds" if scale == 1.0 else f"time-scaled: a second lasts {scale:g} s"
    print(f"{count} due check-ins, {workers} concurrent senders, {timing}")
    print("limits enforced by the fake: 30/rolling s bot-wide, 2/s per private chat")
    header = (
        f"{'configuration':<34} {'delivered':>9} {'429s':>5} {'given back':>10} "
        f"{'rate/s':>7} {'% of 30':>7} {'max/1s':>6} {'1st s':>5} {'tried 1st s':>11} "
        f"{'took s':>7}"
    )
    print(header)
    names = {"paced": "FloodLimiter (ours)", "aiolimiter": "AIORateLimiter (old, baseline)"}
    for result in results:
        print(
            f"{names[result.name]:<34} {result.delivered:>9} {result.refusals:>5} "
            f"{result.given_back:>10} {result.rate:>7.2f} {result.rate / 30:>7.1%} "
            f"{result.most_in_a_second:>6} {result.first_second:>5} "
            f"{result.tried_first_second:>11} {result.seconds:>7.1f}"
        )
    ours = results[0]
    verdict = ours.rate >= 0.95 * 30 and ours.refusals == 0 and ours.delivered == count
    print(f"targets (ours: >= 28.5/s, 0 x 429, all delivered): {'met' if verdict else 'NOT met'}")


async def main(argv: list[str]) -> None:
    """Both configurations, one after the other, on the same workload."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--workers", type=int, default=100)
    options = parser.parse_args(argv)
    logging.basicConfig(level=logging.CRITICAL)  # PTB logs every give-up with a traceback
    results = []
    for name in ("paced", "aiolimiter"):
        started = time.monotonic()
        results.append(await deliver(name, options.messages, options.scale, options.workers))
        print(f"  ({name}: {time.monotonic() - started:.0f} s)", file=sys.stderr)
    report(results, options.messages, options.scale, options.workers)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
