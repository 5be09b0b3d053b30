"""Benchmark the FAQ engine against the previous one on the same questions.

Run from the repository root:  python bench/bench_faq.py [OLD_COMMIT]
Prints, for this engine and for the engine at OLD_COMMIT (default: the last commit with the
old lexical engine), side by side: accuracy per group on the development half, the held-out
half and the old 434-question set; answer latency p50/p99; start-up to first answer; and the
resident memory of a process that has built everything `hipcoach run` builds.
Targets (issue #15): answer p99 <= 20 ms, start-up to first answer <= 2.5 s.
Not a test: timings depend on the machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OLD_ENGINE_COMMIT = "0115ff3"
EVAL = {
    "development": ROOT / "tests/faq/eval/dev.yaml",
    "held-out": ROOT / "tests/faq/eval/heldout.yaml",
    "held-out 2": ROOT / "tests/faq/eval/heldout2.yaml",
    "held-out 3": ROOT / "tests/faq/eval/heldout3.yaml",
    "held-out 4": ROOT / "tests/faq/eval/heldout4.yaml",
    "held-out 5": ROOT / "tests/faq/eval/heldout5.yaml",
    "old 434-question set": ROOT / "tests/faq/eval_set.yaml",
}

# Runs inside a child process rooted at either tree, so both engines are measured alike.
_PROBE = r"""
import json, resource, statistics, sys, time
start = time.perf_counter()
{build}
engine.answer("what are hip dips?")
first_answer = time.perf_counter() - start
import yaml
report = {{"startup_s": first_answer}}
latencies = []
for name, path in json.loads(sys.argv[1]).items():
    items = yaml.safe_load(open(path, encoding="utf-8"))
    right, total = {{}}, {{}}
    for item in items:
        expect = item["expect"]
        group = item.get("group") or ("out_of_scope" if expect == "fallback" else
                 "safety" if expect.startswith("safety:") else "in_scope")
        if group == "in_scope" and item.get("lang", "en") != "en":
            group = "in_scope_other"
        t = time.perf_counter_ns()
        answer = engine.answer(item["q"])
        latencies.append(time.perf_counter_ns() - t)
        label = answer.topic if answer.kind == "answer" else (
            "fallback" if answer.kind == "fallback" else "safety:" + str(answer.topic))
        if group == "trap":
            good = answer.kind != "safety"
        elif group == "out_of_scope":
            good = answer.kind != "answer"
        elif group == "safety":
            good = answer.kind == "safety" and (label == expect or name.startswith("old"))
        else:
            good = label == expect
        right[group] = right.get(group, 0) + good
        total[group] = total.get(group, 0) + 1
    report[name] = {{g: [right[g], total[g]] for g in total}}
latencies.sort()
report["p50_ms"] = latencies[len(latencies) // 2] / 1e6
report["p99_ms"] = latencies[int(len(latencies) * 0.99)] / 1e6
{bootstrap}
report["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(report))
"""
# Both trees build their engine the same way, each with its own code.
# Where the builder lives: bot.faq.service now; before the feature packages it was in the
# services package (the name is joined so the layout rewrite leaves it alone).
_BUILD = (
    "import importlib\n"
    "try:\n    from bot.faq.service import build_faq_engine\n"
    "except ImportError:\n"
    "    build_faq_engine = importlib.import_module('.'.join(('bot', 'services', 'faq')))"
    ".build_faq_engine\n"
    "engine = build_faq_engine()"
)
# Everything else `hipcoach run` builds (storage, services, scheduler) for the memory figure.
_BOOTSTRAP = (
    "import asyncio\nfrom bot.bootstrap import bootstrap\nfrom bot.settings import Settings\n"
    "async def _boot():\n"
    "    app = await bootstrap(Settings(database_url='sqlite+aiosqlite:///:memory:'))\n"
    "try:\n    asyncio.run(_boot())\nexcept Exception as exc:\n"
    "    report['bootstrap_error'] = repr(exc)\n"
)


def _measure(root: Path) -> dict[str, object]:
    code = _PROBE.format(build=_BUILD, bootstrap=_BOOTSTRAP)
    paths = json.dumps({k: str(v) for k, v in EVAL.items()})
    done = subprocess.run(
        [sys.executable, "-c", code, paths],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _old_tree(commit: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "archive", commit, "bot", "knowledge"], cwd=ROOT, capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def _share(pair: object) -> str:
    if not isinstance(pair, list):
        return "   -   "
    right, total = pair
    return f"{right / total:6.1%} ({right}/{total})"


def main() -> None:
    """Print both engines' figures side by side."""
    commit = sys.argv[1] if len(sys.argv) > 1 else OLD_ENGINE_COMMIT
    new = _measure(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        old = _measure(_old_tree(commit, Path(tmp)))
    print(f"FAQ engines on the same questions (old = {commit})")
    groups = ("in_scope", "in_scope_other", "out_of_scope", "safety", "trap")
    for name in EVAL:
        print(f"\n{name}")
        for group in groups:
            a, b = new[name], old[name]
            if isinstance(a, dict) and group in a:
                print(f"  {group:<16} new {_share(a[group]):>20}   old {_share(b.get(group)):>20}")  # type: ignore[union-attr]
    print("\n(trap = share NOT routed to safety; out_of_scope = share refused)")
    for key, label, unit in (
        ("p50_ms", "answer p50", "ms"),
        ("p99_ms", "answer p99", "ms"),
        ("startup_s", "start-up to first answer", "s"),
        ("rss_mb", "resident memory after bootstrap", "MB"),
    ):
        print(f"  {label:<34} new {new[key]:8.2f} {unit}   old {old[key]:8.2f} {unit}")
    for report, name in ((new, "new"), (old, "old")):
        if "bootstrap_error" in report:
            print(f"  ({name}: bootstrap failed: {report['bootstrap_error']})")


if __name__ == "__main__":
    main()
