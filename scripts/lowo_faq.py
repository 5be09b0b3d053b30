"""Leave-one-writer-out figures for the FAQ engine (issue #15: do we generalise to new writers?).

    .venv/bin/python scripts/lowo_faq.py              # every writer, averaged
    .venv/bin/python scripts/lowo_faq.py dev3 dev4a   # only these writers held out

Each development file in WRITERS is one writer. For each, the intent model is trained
without that file (knowledge wording + the other writers), the engine is built with it, and
that file is scored: English in-scope right entry, other languages' right entry, and
out-of-scope refused. Misses are split into: routed to safety, refused (gate or lookalike),
accepted with the wrong entry, out-of-scope accepted. The held-out sets are never read.
The safety model is not retrained per fold (it never reads dev3 or dev4*; on dev, dev2 and
dev_multilingual it routes about 0.2% of in-scope questions, docs/safety_model.md).
Needs scikit-learn (a development tool only). Takes about a minute per writer.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import train_intent_model as trainer  # noqa: E402

GROUPS = ("en", "other", "refused")


def writers() -> list[str]:
    """The development files that are one writer each (those present in tests/faq/eval)."""
    return [name for name in trainer.WRITERS if (trainer.EVAL_DIR / f"{name}.yaml").exists()]


def score(
    engine: trainer.FaqEngine, name: str, misses: list[dict[str, str]] | None = None
) -> Counter[str]:
    """Right and total per group ("ok en", "n en"...), and misses per kind, for one file;
    each miss appended to `misses` when given (question, expected, got, kind)."""
    items = yaml.safe_load((trainer.EVAL_DIR / f"{name}.yaml").read_text("utf-8"))
    tally: Counter[str] = Counter()
    for item in items:
        if item["group"] not in ("in_scope", "out_of_scope"):
            continue
        answer = engine.answer(item["q"])
        if item["group"] == "out_of_scope":
            group, right = "refused", answer.kind != "answer"
            miss = "accepted out-of-scope"
        else:
            group = "en" if item["lang"] == "en" else "other"
            right = answer.kind == "answer" and answer.topic == item["expect"]
            miss = {"safety": "routed to safety", "fallback": "refused in-scope"}.get(
                answer.kind, "wrong entry"
            )
        tally[f"n {group}"] += 1
        tally[f"ok {group}"] += right
        if not right:
            tally[f"{group}: {miss}"] += 1
            if misses is not None:
                got = answer.topic or answer.kind
                misses.append(
                    {
                        "writer": name,
                        "group": group,
                        "kind": miss,
                        "q": item["q"],
                        "expect": item["expect"],
                        "got": got,
                    }
                )
    return tally


def held_out_writer(
    name: str, tmp: Path, misses: list[dict[str, str]] | None = None
) -> Counter[str]:
    """Train without one writer's file, score that file."""
    rows = trainer.build_training_data(exclude=name)
    model = trainer.fit(rows)
    path = tmp / f"without-{name}.npz"
    trainer.save(model, "lowo", path)
    return score(trainer.build_faq_engine(path), name, misses)


def report(results: dict[str, Counter[str]]) -> None:
    """One line per writer, the macro average over writers, and the pooled misses."""
    print(f"\n{'held-out writer':<18}" + "".join(f"{g:>16}" for g in GROUPS))
    shares: dict[str, list[float]] = {g: [] for g in GROUPS}
    pooled: Counter[str] = Counter()
    for name, tally in results.items():
        pooled += tally
        cells = []
        for g in GROUPS:
            n = tally[f"n {g}"]
            if n:
                shares[g].append(tally[f"ok {g}"] / n)
                cells.append(f"{tally[f'ok {g}'] / n:7.1%} ({n:>3})")
            else:
                cells.append(f"{'-':>13}")
        print(f"{name:<18}" + "".join(f"{c:>16}" for c in cells))
    mean = [f"{sum(s) / len(s):7.1%}" if s else "-" for s in shares.values()]
    print(f"{'mean of writers':<18}" + "".join(f"{m:>16}" for m in mean))
    total = [
        f"{pooled[f'ok {g}'] / pooled[f'n {g}']:7.1%}" if pooled[f"n {g}"] else "-" for g in GROUPS
    ]
    print(f"{'pooled':<18}" + "".join(f"{t:>16}" for t in total))
    print("\nmisses, pooled:")
    for key, count in sorted(pooled.items()):
        if ":" in key:
            print(f"  {key:<34} {count}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="writers to hold out (default: all)")
    parser.add_argument("--misses", type=Path, help="write every miss to this YAML file")
    args = parser.parse_args()
    names = args.names or writers()
    results: dict[str, Counter[str]] = {}
    misses: list[dict[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            results[name] = held_out_writer(name, Path(tmp), misses)
            print(f"{name}: done", flush=True)
    report(results)
    confusions = Counter((m["expect"], m["got"]) for m in misses if m["kind"] == "wrong entry")
    print("\ntop confusions (expected -> answered):")
    for (expect, got), count in confusions.most_common(15):
        print(f"  {count:>3}  {expect} -> {got}")
    if args.misses:
        args.misses.write_text(yaml.safe_dump(misses, allow_unicode=True, width=200), "utf-8")


if __name__ == "__main__":
    main()
