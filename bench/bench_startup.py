"""Start-up to ready: how long until the console chat is ready for the first question.

Prints, over several runs, the wall time of `hipcoach chat` answering one question and
exiting, on a fresh database (migrations included) and on an existing one, next to the bare
interpreter start-up measured in the same run. Target: start-up to ready <= 2 s.
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


def timed(args: list[str], env: dict[str, str], cwd: Path, stdin: str = "") -> float:
    started = time.perf_counter()
    subprocess.run(args, input=stdin, env=env, cwd=cwd, capture_output=True, text=True, check=True)
    return time.perf_counter() - started


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


if __name__ == "__main__":
    main()
