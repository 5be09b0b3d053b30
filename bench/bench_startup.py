"""Start-up to ready: how long until the console chat is ready for the first question.

Prints, over several runs, the wall time of `hipcoach chat` answering one question and
exiting, on a fresh database (migrations included) and on an existing one, next to the bare
interpreter start-up measured in the same run. Target: start-up to ready <= 2 s.

Also the cost of the languages (issue #19): time and peak memory of a process that compiles
every language's catalogue against one that keeps English only (Babel imported in both), then
the same with the FAQ service built on top, with the es and pt-BR knowledge packs or without.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5
# Each snippet runs in a fresh interpreter and prints its seconds and peak RSS (KiB).
MEASURED = """
import pathlib, resource, tempfile, time
started = time.perf_counter()
from bot.i18n import Catalog
{setup}
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
CATALOGUES = {
    "catalogues, English only": "catalog = Catalog.english()",
    "catalogues, en + es + pt-BR": "catalog = Catalog.load()",
}
# The FAQ service is what loads the knowledge packs (knowledge/translations/<lang>); an empty
# translations folder leaves it English only.
KNOWLEDGE = {
    "catalogues + FAQ knowledge, English only": (
        "from bot.faq.service import build_faq_service\n"
        "faq = build_faq_service(Catalog.english(), pathlib.Path(tempfile.mkdtemp()))"
    ),
    "catalogues + FAQ knowledge, en + es + pt-BR": (
        "from bot.faq.service import build_faq_service\nfaq = build_faq_service(Catalog.load())"
    ),
}


def timed(args: list[str], env: dict[str, str], cwd: Path, stdin: str = "") -> float:
    started = time.perf_counter()
    subprocess.run(args, input=stdin, env=env, cwd=cwd, capture_output=True, text=True, check=True)
    return time.perf_counter() - started


def language_cost(python: str, env: dict[str, str], setups: dict[str, str]) -> None:
    """Median time and peak RSS of each set-up, the runs interleaved (same machine load)."""
    figures: dict[str, list[tuple[float, int]]] = {label: [] for label in setups}
    for _ in range(RUNS):
        for label, setup in setups.items():
            code = MEASURED.format(setup=setup)
            done = subprocess.run(
                [python, "-c", code], env=env, capture_output=True, text=True, check=True
            )
            seconds, rss = done.stdout.split()[-2:]
            figures[label].append((float(seconds), int(rss)))
    for label, values in figures.items():
        ms = statistics.median(value[0] for value in values) * 1000
        rss = statistics.median(value[1] for value in values) / 1024
        print(f"{label}: median {ms:.0f} ms to load, peak RSS {rss:.1f} MiB")


def main() -> None:
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        env = {**os.environ, "LOG_LEVEL": "WARNING"}
        bare = [timed([python, "-c", "pass"], env, cwd) for _ in range(RUNS)]
        fresh, warm = [], []
        for run in range(RUNS):
            env["DATABASE_URL"] = f"sqlite+aiosqlite:///{cwd / f'db{run}.sqlite'}"
            chat = [python, "-m", "bot", "chat"]
            fresh.append(timed(chat, env, cwd, stdin="what are hip dips\nquit\n"))
            warm.append(timed(chat, env, cwd, stdin="what are hip dips\nquit\n"))
    base = statistics.median(bare)
    for label, values in (("fresh database", fresh), ("existing database", warm)):
        median = statistics.median(values)
        print(
            f"chat start-up to first answer, {label}: median {median * 1000:.0f} ms, "
            f"max {max(values) * 1000:.0f} ms ({median / base:.1f}x bare interpreter)"
        )
    print(f"bare interpreter start-up: median {base * 1000:.0f} ms")
    print("target: start-up to ready <= 2000 ms")
    language_cost(python, {**os.environ}, CATALOGUES)
    language_cost(python, {**os.environ}, KNOWLEDGE)


if __name__ == "__main__":
    main()
