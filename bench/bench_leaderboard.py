"""Leaderboard and log latency with one challenge of 100,000 members and 1,000,000 logs.

Runs on SQLite (a temporary file) and, when a URL is given as argv[1] or in the environment
variable HIPCOACH_BENCH_PG_URL (postgresql+asyncpg://..., an empty database it may fill), on
PostgreSQL too. For each backend it prints p50/p95 of
  - leaderboard: the full service call (challenge, top 10 by an index scan, my rank from the
    maintained score buckets),
  - log: one `log` through the service (training log, memberships, credit, commit),
  - the naive baseline: RANK() OVER all members on every request, as a ratio,
  - a floor: a transaction of 5 trivial SELECTs through SQLAlchemy, measured in each round
    right before the logs, and the share of CPU time the hypervisor stole meanwhile, to tell
    a slow (busy) machine from slow code.
Targets: leaderboard <= 30 ms p95, log <= 2 ms p95. Leaderboard and log are measured in five
rounds and the median round (by p95) is reported, with every round's p95 printed beside it.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.challenges.groups import Caller
from bot.challenges.service import ChallengeService
from bot.challenges.storage.models import ChallengeLogRow, ChallengeMemberRow, ChallengeScoreRow
from bot.challenges.storage.rows import tie_key
from bot.clock import ManualClock
from bot.i18n import Catalog, Language
from bot.storage import create_engine_for, make_uow_factory, upgrade_to_head
from bot.storage.models import AthleteRow
from bot.types import ChatRef, Platform

MEMBERS = 100_000
LOGS = 1_000_000
DAYS = 28
CHUNK = 20_000
ROUNDS = 5  # measured rounds; the median round is reported
START = date(2026, 3, 2)
NOW = datetime(2026, 3, 29, 12, 0, tzinfo=UTC)  # the last day; earlier days are logged
CHAT = ChatRef(Platform.DISCORD, "1001", "group", "Bench", channel_id="5001")
NAIVE = text(
    "SELECT athlete_id, display_name, score, r FROM ("
    " SELECT athlete_id, display_name, score,"
    "  RANK() OVER (ORDER BY score DESC) AS r"
    " FROM challenge_members WHERE challenge_id = :c AND hidden = :h) ranked"
    " WHERE r <= 10 OR athlete_id = :me"
)


def log_counts(rng: random.Random) -> list[int]:
    """Logs per member (0..20, one a day at most), summing to exactly LOGS."""
    counts = [rng.randint(0, 20) for _ in range(MEMBERS)]
    while (excess := sum(counts) - LOGS) != 0:
        index = rng.randrange(MEMBERS)
        step = 1 if excess < 0 else -1
        if 0 <= counts[index] + step <= 20:
            counts[index] += step
    return counts


async def fill(
    engine: AsyncEngine, service: ChallengeService, clock: ManualClock
) -> tuple[int, int]:
    """Create the challenge through the service, then bulk-insert members and logs."""
    clock.set(datetime(2026, 3, 1, 12, 0, tzinfo=UTC))
    moderator = Caller(CHAT, is_moderator=True)
    challenge = await service.create(
        moderator, "Bench", "sessions", "2026-03-02", "2026-03-29", None
    )
    rng = random.Random(6)
    counts = log_counts(rng)
    moment = datetime(2026, 3, 2, tzinfo=UTC)
    async with engine.begin() as connection:
        for _ in range(0, MEMBERS, CHUNK):
            rows = [{"created_at": moment, "dms_stopped": False, "disclaimer_seen": False}] * CHUNK
            await connection.execute(insert(AthleteRow), rows)
        first_id = int(
            (await connection.execute(text("SELECT min(id) FROM athletes"))).scalar_one()
        )
        members: list[dict[str, object]] = []
        logs: list[dict[str, object]] = []
        for index, count in enumerate(counts):
            athlete = first_id + index
            days = sorted(rng.sample(range(DAYS - 1), count))
            reached = moment + timedelta(seconds=rng.randrange((DAYS - 1) * 86400))
            members.append(
                {
                    "challenge_id": challenge.id, "athlete_id": athlete,
                    "display_name": f"athlete{index}", "hidden": False, "score": count,
                    "tie_key": tie_key(reached),
                    "day": START + timedelta(days[-1]) if days else None,
                    "day_amount": 1 if days else 0, "run": 1 if days else 0, "joined_at": moment,
                }
            )  # fmt: skip
            logs += [
                {
                    "challenge_id": challenge.id, "athlete_id": athlete,
                    "local_day": START + timedelta(day), "amount": 1, "source": "log",
                    "logged_at": moment + timedelta(days=day),
                }
                for day in days
            ]  # fmt: skip
            if len(logs) >= CHUNK * 5:
                await connection.execute(insert(ChallengeLogRow), logs)
                logs = []
        if logs:
            await connection.execute(insert(ChallengeLogRow), logs)
        for first in range(0, MEMBERS, CHUNK):
            await connection.execute(insert(ChallengeMemberRow), members[first : first + CHUNK])
        buckets = Counter(counts)
        await connection.execute(
            insert(ChallengeScoreRow),
            [{"challenge_id": challenge.id, "score": s, "members": n} for s, n in buckets.items()],
        )
        await connection.execute(
            text("UPDATE challenges SET members = :n WHERE id = :c"),
            {"n": MEMBERS, "c": challenge.id},
        )
    return challenge.id, first_id


async def settle(engine: AsyncEngine) -> None:
    """Steady state after the bulk load: fresh planner statistics (and on PostgreSQL the
    visibility map autovacuum keeps), and the load's write-ahead log checkpointed, so no
    checkpoint of a million inserted rows runs in the middle of the measurements."""
    async with engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        if engine.dialect.name == "postgresql":
            await autocommit.execute(text("VACUUM ANALYZE"))
            await autocommit.execute(text("CHECKPOINT"))
        else:
            await autocommit.execute(text("ANALYZE"))
            await autocommit.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))


async def measure(
    run: Callable[[], Awaitable[object]], times: int, rounds: int = 1
) -> tuple[float, float, list[float]]:
    """p50 and p95 in milliseconds after a short warm-up, and each round's p95.

    With several rounds the figures are those of the median round (by p95): a shared machine
    has noisy moments, and one of them should neither make nor break a figure.
    """
    for _ in range(20):
        await run()
    results = []
    for _ in range(rounds):
        samples = []
        for _ in range(times):
            started = time.perf_counter()
            await run()
            samples.append((time.perf_counter() - started) * 1000)
        results.append((statistics.quantiles(samples, n=100)[94], statistics.median(samples)))
    p95, p50 = sorted(results)[len(results) // 2]
    return p50, p95, [round(result[0], 2) for result in results]


def cpu_jiffies() -> tuple[int, int]:
    """(stolen by the hypervisor, total) CPU time of this machine so far; (0, 0) off Linux."""
    try:
        fields = [int(value) for value in Path("/proc/stat").read_text().split()[1:9]]
    except (OSError, ValueError):
        return 0, 0
    return fields[7], sum(fields)


async def log_rounds(
    one_log: Callable[[], Awaitable[object]], floor: Callable[[], Awaitable[object]]
) -> None:
    """Logs in rounds, each after a round of the floor, so every log round has a baseline
    measured beside it; prints the median round and the state of the machine meanwhile."""
    stolen, total = cpu_jiffies()
    cpu = 0.0
    rounds = []
    for _ in range(ROUNDS):
        floor_p50, floor_p95, _ = await measure(floor, 200)
        started = time.process_time()
        log_p50, log_p95, _ = await measure(one_log, 400)
        cpu += time.process_time() - started
        rounds.append((log_p95, log_p50, floor_p95, floor_p50))
    cpu_per_log = cpu / (ROUNDS * 420) * 1000  # 400 measured + 20 warm-up logs a round
    stolen_now, total_now = cpu_jiffies()
    log_p95, log_p50, floor_p95, floor_p50 = sorted(rounds)[ROUNDS // 2]
    print(f"  one log:                        p50 {log_p50:6.2f} ms  p95 {log_p95:6.2f} ms"
          f"  (target p95 <= 2 ms; rounds' p95 {[round(r[0], 2) for r in rounds]})")  # fmt: skip
    print(f"  floor, 5 x SELECT 1 + commit:   p50 {floor_p50:6.2f} ms  p95 {floor_p95:6.2f} ms"
          f"  -> a log is {log_p50 / floor_p50:.1f}x the floor of its round")  # fmt: skip
    if total_now > total:
        share = 100 * (stolen_now - stolen) / (total_now - total)
        print(f"  machine meanwhile: {share:.1f}% of CPU time stolen by the hypervisor; this"
              f" process used {cpu_per_log:.2f} ms of CPU per log")  # fmt: skip


async def bench(url: str, label: str) -> None:
    """Fill one backend and print its figures."""
    engine = create_engine_for(url)
    try:
        await upgrade_to_head(engine)
        clock = ManualClock(NOW)
        service = ChallengeService(make_uow_factory(engine, clock), clock, (), {}, "UTC")
        started = time.perf_counter()
        challenge_id, first_id = await fill(engine, service, clock)
        await settle(engine)
        print(f"{label}: filled {MEMBERS:,} members and {LOGS:,} logs in "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        clock.set(NOW)
        rng = random.Random(60)
        english = Catalog.english().translator(Language.EN)

        def caller() -> Caller:
            return Caller(CHAT, athlete_id=first_id + rng.randrange(MEMBERS), display_name="x")

        async def board() -> object:
            return await service.leaderboard(caller(), "Bench", english)

        async def one_log() -> object:
            clock.advance(timedelta(milliseconds=1))
            return await service.log(caller(), "sessions", None, 1)

        async def naive() -> object:
            async with engine.connect() as connection:
                params = {"c": challenge_id, "h": False, "me": first_id + rng.randrange(MEMBERS)}
                return (await connection.execute(NAIVE, params)).all()

        async def floor() -> object:
            async with engine.begin() as connection:  # the round trips a log made at first
                for _ in range(5):
                    await connection.execute(text("SELECT 1"))
            return None

        board_p50, board_p95, board_rounds = await measure(board, 200, ROUNDS)
        naive_p50, naive_p95, _ = await measure(naive, 30)
        print(f"  leaderboard (top 10 + my rank): p50 {board_p50:6.2f} ms  p95 {board_p95:6.2f} ms"
              f"  (target p95 <= 30 ms; rounds' p95 {board_rounds})")  # fmt: skip
        print(f"  naive RANK() OVER everyone:     p50 {naive_p50:6.2f} ms  p95 {naive_p95:6.2f} ms"
              f"  -> ours is {naive_p95 / board_p95:.1f}x faster at p95")  # fmt: skip
        await log_rounds(one_log, floor)
    finally:
        await engine.dispose()


async def main() -> None:
    """SQLite always; PostgreSQL when a URL is given."""
    with tempfile.TemporaryDirectory() as folder:
        await bench(f"sqlite+aiosqlite:///{folder}/bench.db", "SQLite")
    pg_url = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("HIPCOACH_BENCH_PG_URL")
    if pg_url:
        await bench(pg_url, "PostgreSQL")
    else:
        print("PostgreSQL: skipped (pass a postgresql+asyncpg:// URL or HIPCOACH_BENCH_PG_URL)")


if __name__ == "__main__":
    asyncio.run(main())
