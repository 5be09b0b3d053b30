"""The labelled training messages: built from the development sets and the phrasings."""

from __future__ import annotations

import re

import yaml

from bot.faq.safety import SafetyDetector
from bot.faq.safety_model import NONE
from bot.faq.text import clean
from knowledge.faq import load_safety

from .settings import DEV_SETS, EVAL_DIR, ROOT, TRAINING

_PART = re.compile(r"^# Part (\w):")


def dev_items(name: str) -> list[tuple[str, str, str]]:
    """(message, label, source) for a development set; source = set, part and language."""
    lines = (EVAL_DIR / f"{name}.yaml").read_text("utf-8").splitlines()
    items: list[tuple[str, str, str]] = []
    part = "A"
    for line in lines:
        marker = _PART.match(line)
        if marker:
            part = marker.group(1)
        if not line.startswith("- "):
            continue
        (item,) = yaml.safe_load(line)
        label = item["expect"].removeprefix("safety:") if item["group"] == "safety" else NONE
        kind = "trap" if item["group"] == "trap" else item["group"]
        items.append((item["q"], label, f"{name}:{part}:{item['lang']}:{kind}"))
    return items


def _knowledge_items() -> list[tuple[str, str, str]]:
    items: list[tuple[str, str, str]] = []
    for path in sorted((ROOT / "knowledge" / "faq").glob("*.yaml")):
        entry = yaml.safe_load(path.read_text("utf-8"))
        for text in (entry["title"], *entry["phrasings"]):
            items.append((text, NONE, f"faq:{entry['id']}:en:in_scope"))
    for path in sorted((ROOT / "knowledge" / "phrasings").glob("*.yaml")):
        table = yaml.safe_load(path.read_text("utf-8"))
        for entry_id, phrasings in table.items():
            items.extend((p, NONE, f"phrasings:{entry_id}:{path.stem}:in_scope") for p in phrasings)
    return items


def build_training_data() -> list[dict[str, str]]:
    """Every development message and knowledge phrasing, labelled, one per folded text."""
    seen: set[str] = set()
    rows: list[dict[str, str]] = []
    for name in DEV_SETS:
        for text, label, source in dev_items(name):
            if clean(text) not in seen:
                seen.add(clean(text))
                rows.append({"q": text, "label": label, "source": source})
    detector = SafetyDetector(load_safety())
    for text, label, source in _knowledge_items():
        # A phrasing the patterns route ("anorexia and hip dips") is no `none` example:
        # the product answers it with care, and the model must not learn to overrule that.
        if clean(text) not in seen and detector.patterns(text) is None:
            seen.add(clean(text))
            rows.append({"q": text, "label": label, "source": source})
    return rows


def write_training_data(rows: list[dict[str, str]]) -> None:
    """Write the rows to knowledge/safety_training.yaml, one flow-style row a line."""
    header = (
        "# Training data for the learned safety classifier (scripts/train_safety_model.py).\n"
        "# Built from the DEVELOPMENT sets (tests/faq/eval/dev*.yaml) and the knowledge base's\n"
        "# phrasings; never from the held-out sets. label: none or a safety category;\n"
        "# source: set:part:language:kind, used to keep one batch on one side of a fold.\n"
    )
    lines = [
        yaml.safe_dump(
            [row], allow_unicode=True, default_flow_style=None, width=10000, sort_keys=False
        )
        for row in rows
    ]
    TRAINING.write_text(header + "".join(lines), "utf-8")


def load_training_data() -> list[dict[str, str]]:
    """The committed training rows."""
    rows: list[dict[str, str]] = yaml.safe_load(TRAINING.read_text("utf-8"))
    return rows
