"""Leave-one-writer-out figures for the FAQ engine (issue #15: do we generalise to new writers?).

    .venv/bin/python scripts/lowo_faq.py              # every writer, averaged
    .venv/bin/python scripts/lowo_faq.py dev3 dev4a   # only these writers held out
    .venv/bin/python scripts/lowo_faq.py --variant no-agree=agree_min_entry:0.3  # a rule off

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

from bot.faq.intent_model import IntentModel  # noqa: E402
from bot.faq.text import words  # noqa: E402

GROUPS = ("en", "other", "refused")
OTHER_LANGUAGES = ("es", "pt", "fr", "de", "ru")
# Engine attributes set on each fold's engine (--engine rescue_at=0.7): what-ifs, measured.
ENGINE_SETTINGS: dict[str, float] = {}
# Named sets of engine settings scored on the same fold models as the plain engine
# (--variant agree=agree_min_entry:0.2): an engine rule's exact difference, at no retraining.
VARIANTS: dict[str, dict[str, float]] = {}


def writers() -> list[str]:
    """The development files that are one writer each (those present in tests/faq/eval)."""
    return [name for name in trainer.WRITERS if (trainer.EVAL_DIR / f"{name}.yaml").exists()]


def score(
    engine: trainer.FaqEngine,
    name: str,
    misses: list[dict[str, str]] | None = None,
    model: IntentModel | None = None,
    trace: list[dict] | None = None,
) -> Counter[str]:
    """Right and total per group ("ok en", "n en"...) and per language ("ok es"...), and
    misses per kind, for one file; each miss appended to `misses` when given (question,
    expected, got, kind, and what the fold's model and the gate made of it); every question
    appended to `trace` when given, with the lexical engine's verdict (for what-ifs)."""
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
        if group == "other":
            tally[f"n {item['lang']}"] += 1
            tally[f"ok {item['lang']}"] += right
        if trace is not None:
            row = {"writer": name, "group": group, "lang": item["lang"], "q": item["q"]}
            row |= {"expect": item["expect"], "got": answer.topic or answer.kind, "ok": right}
            row["lexical"] = trainer.lexical_engine().answer(item["q"]).kind
            trace.append(row | diagnose(engine, model, item["q"]))
        if not right:
            tally[f"{group}: {miss}"] += 1
            if misses is not None:
                got = answer.topic or answer.kind
                found = {"writer": name, "group": group, "kind": miss, "lang": item["lang"]}
                found |= {"q": item["q"], "expect": item["expect"], "got": got}
                misses.append(found | diagnose(engine, model, item["q"]))
    return tally


def diagnose(engine: trainer.FaqEngine, model: IntentModel | None, question: str) -> dict:
    """What the engine read in a missed question: the language it guessed, the words the
    lexical index does not know, and the fold's model's best entry and out-of-scope share."""
    language = engine.language_of(question)
    index = engine._index  # a development tool: the gate's own reading of each word
    unknown = [w for w in words(question) if (q := index.parse(w, language)).slots and q.unknown]
    found: dict = {"read_as": language, "unknown": " ".join(unknown)}
    if model is not None:
        terms = engine.terms(question)
        entry, probability, elsewhere = model.entry_and_elsewhere(question, terms)
        found |= {"model": entry, "p": round(probability, 2), "elsewhere": round(elsewhere, 2)}
    return found


def cause(miss: dict) -> str:
    """Why a question was missed, in a few words (the first cause that applies)."""
    if miss["kind"] == "accepted out-of-scope":
        return "out-of-scope accepted"
    if miss["kind"] == "routed to safety":
        return "routed to safety"
    if miss["lang"] != "en" and miss["read_as"] != miss["lang"]:
        return f"language read as {miss['read_as']}"
    model_right = miss.get("model") == miss["expect"]
    if miss["kind"] == "refused in-scope":
        words_ = "unknown words" if miss["unknown"] else "known words"
        return f"refused, {words_}, model {'right' if model_right else 'wrong'}"
    return f"wrong entry, model {'right' if model_right else 'wrong'}"


def held_out_writer(
    name: str,
    tmp: Path,
    misses: list[dict[str, str]] | None = None,
    trace: list | None = None,
    variants: dict[str, Counter[str]] | None = None,
) -> Counter[str]:
    """Train without one writer's file, score that file (and each of VARIANTS, into
    `variants`, with the same model)."""
    rows = trainer.build_training_data(exclude=name)
    model = trainer.fit(rows)
    path = tmp / f"without-{name}.npz"
    trainer.save(model, "lowo", path)
    loaded = IntentModel.load(path)
    for variant, settings in VARIANTS.items():
        engine = _engine(path, ENGINE_SETTINGS | settings)
        if variants is not None:
            variants[variant] = score(engine, name, None, loaded)
    return score(_engine(path, ENGINE_SETTINGS), name, misses, loaded, trace)


def _engine(path: Path, settings: dict[str, float]) -> trainer.FaqEngine:
    engine = trainer.build_faq_engine(path)
    for attribute, value in settings.items():
        setattr(engine, attribute, value)
    return engine


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
    languages = [
        f"{lang} {pooled[f'ok {lang}'] / pooled[f'n {lang}']:.1%} ({pooled[f'n {lang}']})"
        for lang in OTHER_LANGUAGES
        if pooled[f"n {lang}"]
    ]
    print("other languages, pooled: " + ", ".join(languages))
    print("\nmisses, pooled:")
    for key, count in sorted(pooled.items()):
        if ":" in key:
            print(f"  {key:<34} {count}")


def _arguments() -> argparse.Namespace:
    """The command line, with its trainer, engine and variant settings applied."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="writers to hold out (default: all)")
    parser.add_argument("--misses", type=Path, help="write every miss to this YAML file")
    parser.add_argument("--trace", type=Path, help="write every question's reading here")
    parser.add_argument(
        "--train", nargs="*", default=[], help="trainer settings, e.g. C=10 TERM_WEIGHT=0.3"
    )
    parser.add_argument(
        "--engine", nargs="*", default=[], help="engine settings, e.g. rescue_bare_dips=0"
    )
    parser.add_argument(
        "--variant",
        nargs="*",
        default=[],
        help="NAME=attribute:value[,attribute:value]: also score these engines on each fold",
    )
    args = parser.parse_args()
    for variant in args.variant:
        label, _, pairs = variant.partition("=")
        VARIANTS[label] = {
            attribute: float(value)
            for attribute, _, value in (pair.partition(":") for pair in pairs.split(","))
        }
    for setting in args.train:
        name, _, value = setting.partition("=")
        setattr(trainer, name, float(value))
    ENGINE_SETTINGS.update(
        (name, float(value)) for name, _, value in (s.partition("=") for s in args.engine)
    )
    return args


def main() -> None:
    args = _arguments()
    names = args.names or writers()
    results: dict[str, Counter[str]] = {}
    by_variant: dict[str, dict[str, Counter[str]]] = {v: {} for v in VARIANTS}
    misses: list[dict[str, str]] = []
    trace: list[dict] | None = [] if args.trace else None
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            scored: dict[str, Counter[str]] = {}
            results[name] = held_out_writer(name, Path(tmp), misses, trace, scored)
            for variant, tally in scored.items():
                by_variant[variant][name] = tally
            print(f"{name}: done", flush=True)
    report(results)
    for variant, variant_results in by_variant.items():
        print(f"\nvariant {variant} ({VARIANTS[variant]}), same fold models:")
        report(variant_results)
    confusions = Counter((m["expect"], m["got"]) for m in misses if m["kind"] == "wrong entry")
    print("\ntop confusions (expected -> answered):")
    for (expect, got), count in confusions.most_common(15):
        print(f"  {count:>3}  {expect} -> {got}")
    print("\ntop causes (English / other languages / out of scope):")
    for (group, why), count in Counter((m["group"], cause(m)) for m in misses).most_common(20):
        print(f"  {count:>3}  {group:<8} {why}")
    _write(args, misses, trace)


def _write(args: argparse.Namespace, misses: list[dict[str, str]], trace: list | None) -> None:
    if args.trace:
        args.trace.write_text(yaml.safe_dump(trace, allow_unicode=True, width=200), "utf-8")
    if args.misses:
        args.misses.write_text(yaml.safe_dump(misses, allow_unicode=True, width=200), "utf-8")


if __name__ == "__main__":
    main()
