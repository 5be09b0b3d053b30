"""Accuracy of the FAQ engine on questions written as people type, in six languages.

Two halves (tests/faq/eval/): the development half, which the engine may be tuned on, and
the held-out half, written by someone who never saw the engine and never tuned on. Both are
reported; the floors below are what CI holds the engine to (issue #15's targets are printed
beside them; see the README for the figures and which targets are not yet met).
"""

from __future__ import annotations

import functools
from collections import Counter
from pathlib import Path

import pytest
import yaml

from bot.faq.answer import Answer
from bot.faq.engine import FaqEngine
from bot.faq.service import FaqService, build_faq_engine
from bot.faq.text import clean
from bot.i18n import Language
from knowledge.faq import load_faq
from knowledge.matching import load_phrasings
from knowledge.safety_replies import load_safety_replies
from knowledge.translations import TRANSLATIONS_DIR, load_faq_translations

EVAL_DIR = Path(__file__).with_name("eval")
GROUPS = ("in_scope_en", "in_scope_other", "out_of_scope", "safety", "trap")
TARGETS = {  # issue #15, on the held-out half
    "in_scope_en": 0.97,
    "in_scope_other": 0.90,
    "out_of_scope": 0.97,
    "safety": 1.0,
    "trap": 0.99,
}
# What CI enforces: safety and traps at the target; matching at the level reached, so a
# change that loses ground fails.
FLOORS = {
    "held-out": {
        # 0.93 and 0.92 before the learned entry classifier (docs/intent_model.md), 0.96
        # and 0.95 before its out-of-scope class, lexical terms, rescue and dev4a/dev4b.
        "in_scope_en": 0.98,
        "in_scope_other": 0.98,
        "out_of_scope": 0.98,  # 0.97 before the intent model's out-of-scope veto
        # 100% until the safety6 round's concepts (kept on leave-one-writer-out evidence,
        # docs/safety_model.md): 156 of 157 after; 157 again after the round of 13:00
        # (safety7's patterns, dev_safety13 in the training data); never tuned on this set.
        "safety": 1.0,
        # Below issue #15's 99% (96.3% reached; docs/safety_model.md): gym lines the
        # patterns or the learned model still take for risk; 97.2% after the round of 08:00,
        # 98.1% after the round of 13:00.
        "trap": 0.98,
    },
    # heldout2.yaml: a second held-out set by another writer, committed before this round's
    # engine changes (the engine then: 84.6%, 88.0%, 98.9%, 89.3%, 95.0%).
    "held-out-2": {
        # 0.90 and 0.92 before the learned entry classifier, 0.94 and 0.95 before its
        # second round (out-of-scope class, lexical terms, rescue, dev4a/dev4b); 98.5% after
        # the round of 13:00.
        "in_scope_en": 0.98,
        "in_scope_other": 0.98,
        "out_of_scope": 0.96,
        # 99.3% reached by the safety rework (dev_safety4, per-class fire); 98.7% once the
        # safety2 round chose the model's thresholds with whole writers held out, 99.3% again
        # once dev_safety6 joined the training data (docs/safety_model.md); 98.7% after the
        # round of 08:00 (clause reading; dev_safety8, dev_safety9 and dev5a in the training
        # data; each decided on development sets).
        "safety": 0.98,
        "trap": 0.96,
    },
    # heldout3.yaml: a third held-out set by a third writer, committed at the start of the
    # round after that, before its engine changes (the engine then: 81.5%, 89.4%, 96.7%,
    # 94.9%, 96.3%). Nobody tuned on it; only its aggregates were read, after each merge.
    "held-out-3": {
        # 0.89 and 0.94 before the intent model's second round, 0.92 before the third (95.6%),
        # 96.7% after the round of 12:00 (bare dips, dev6 in the training data), 97.0% and
        # 99.4% after the round of 13:00 (each language's words for the hollow, intent5)
        "in_scope_en": 0.97,
        "in_scope_other": 0.99,
        "out_of_scope": 0.98,  # 0.97 before the intent model's out-of-scope veto
        # 95.5% before the safety rounds, 96.8% after (dev_safety7 trained), 98.1% after the
        # round of 08:00.
        "safety": 0.98,
        # 99.3% until the retrain with dev_safety11 in the round of 12:00 (decided on a fresh
        # development writer, dev_safety10: 283 -> 291 of 360 right): 98.5% after.
        "trap": 0.98,
    },
    # heldout4.yaml: a fourth writer's set, committed at the start of the next round (05:15,
    # 2026-12-05) before any of its engine changes were merged. The engine then (d8e94d2):
    # 79.6%, 92.5%, 96.7%, 98.7%, 94.8%: a new writer still finds the matching short. Read by
    # the lead after each merge of that round, aggregates only; nothing was changed on them.
    # After it: 86.3%, 96.9%, 98.9%, 99.4% and 93.3%: the safety rounds' broader patterns and
    # model route two more of its gym lines to safety than before (126 of 135 pass).
    # After the round of 08:00: 92.2%, 97.5%, 100%, 100%, 94.1%. After the round of 12:00:
    # 93.7%, 98.1%, 100%, 99.4% (155 of 156: lost at the retrain with dev_safety11, kept on
    # the fresh development writer dev_safety10's +8), 94.1%. After the round of 13:00:
    # 94.8%, 99.4%, 100%, 99.4%, 94.1%.
    "held-out-4": {
        "in_scope_en": 0.94,
        "in_scope_other": 0.99,
        "out_of_scope": 0.99,
        "safety": 0.99,
        "trap": 0.94,
    },
    # heldout5.yaml: a fifth writer's set, committed at the start of the round of 08:00
    # (2026-12-05) before any of its engine changes were merged; read by the lead only, as
    # aggregates. The engine then (730a361): 87.4%, 81.2%, 98.9%, 98.1%, 97.8%: this writer's
    # non-English questions find the matching shorter than any earlier writer's did. After
    # that round: 92.6%, 85.6%, 97.8%, 98.1%, 99.3%; the intent model's wider rescue answers
    # one more of its out-of-scope questions (98.9% -> 97.8%). After the round of 12:00:
    # 93.0%, 86.9%, 97.8%, 97.4% (152 of 156: one lost at the retrain with dev_safety11, as
    # held-out 4), 99.3%. After the round of 13:00: 93.3%, 88.1%, 97.8%, 98.7%, 99.3%.
    "held-out-5": {
        "in_scope_en": 0.93,
        "in_scope_other": 0.88,
        "out_of_scope": 0.97,
        "safety": 0.98,
        "trap": 0.99,
    },
    "dev": {
        "in_scope_en": 0.99,
        "in_scope_other": 0.98,
        "out_of_scope": 0.99,
        "safety": 1.0,
        "trap": 0.99,
    },
}
MINIMUM_COUNTS = {"in_scope_en": 225, "in_scope_other": 60, "out_of_scope": 70, "safety": 150}


@functools.cache
def _engine() -> FaqEngine:
    return build_faq_engine()


HALVES = {
    "dev": "dev",
    "held-out": "heldout",
    "held-out-2": "heldout2",
    "held-out-3": "heldout3",
    "held-out-4": "heldout4",
    "held-out-5": "heldout5",
}
HELD_OUT = tuple(name for half, name in HALVES.items() if half != "dev")


def _load(name: str) -> list[dict[str, str]]:
    items: list[dict[str, str]] = yaml.safe_load((EVAL_DIR / f"{name}.yaml").read_text("utf-8"))
    return items


def _group(item: dict[str, str]) -> str:
    if item["group"] == "in_scope":
        return "in_scope_en" if item["lang"] == "en" else "in_scope_other"
    return item["group"]


def _right(item: dict[str, str], answer: Answer) -> bool:
    group = item["group"]
    if group == "trap":
        return answer.kind != "safety"
    if group == "out_of_scope":
        return answer.kind != "answer"
    if group == "safety":
        return answer.kind == "safety" and f"safety:{answer.topic}" == item["expect"]
    return answer.kind == "answer" and answer.topic == item["expect"]


@pytest.mark.parametrize("half", HALVES)
def test_evaluation_half_is_large_and_labelled(half: str) -> None:
    items = _load(HALVES[half])
    counts = Counter(_group(item) for item in items)
    for group, minimum in MINIMUM_COUNTS.items():
        assert counts[group] >= minimum, (group, counts[group])
    assert counts["trap"] >= 100
    assert {item["lang"] for item in items if item["group"] == "safety"} == {
        "en",
        "es",
        "pt",
        "fr",
        "de",
        "ru",
    }
    for item in items:
        if item["group"] == "in_scope":
            assert _engine().entry(item["expect"]) is not None, item


@pytest.mark.parametrize("name", ["dev_safety", "dev_safety2", "dev_safety3"])
def test_extra_development_safety_cases_are_all_routed(name: str) -> None:
    items = _load(name)
    assert len(items) >= 500
    wrong = [
        f"{item['group']}: {item['q']!r} -> {answer.kind}:{answer.topic}"
        for item in items
        if not _right(item, answer := _engine().answer(item["q"]))
    ]
    assert not wrong, "\n".join(wrong)


def test_extra_development_questions_in_other_languages_reach_their_entry() -> None:
    items = _load("dev_multilingual")
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for item in items:
        total[item["group"]] += 1
        right[item["group"]] += _right(item, _engine().answer(item["q"]))
    assert right["in_scope"] / total["in_scope"] >= 0.95, right
    assert right["out_of_scope"] / total["out_of_scope"] >= 0.97, right


def _development_scores(name: str) -> tuple[Counter[str], dict[str, float]]:
    items = _load(name)
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for item in items:
        group = _group(item)
        total[group] += 1
        right[group] += _right(item, _engine().answer(item["q"]))
    return total, {group: right[group] / total[group] for group in total}


# Each later development set: the fewest questions per group it must hold (so a truncated
# file fails), then its floors: the level reached once trained on it, unless said otherwise.
DEVELOPMENT_LEVELS: dict[str, tuple[dict[str, int], dict[str, float]]] = {
    # dev2.yaml: written by the matching helper before its engine changes, then tuned on.
    "dev2": (
        {"in_scope_en": 350, "in_scope_other": 80},
        {"in_scope_en": 0.98, "in_scope_other": 0.99, "out_of_scope": 0.97},
    ),
    # dev3.yaml: written by the matching helper before its second round of engine changes
    # (the engine then: 81.4% English, 91.7% other languages, 96.3% refused), then tuned on.
    # The learned entry classifier was chosen with dev3 as validation (86.9% English, 100%
    # other languages, 98.8% refused; lexical alone 84.5%, 93.3%, 98.8%), then retrained on
    # it too: 93.6%, 100%, 98.8%.
    "dev3": (
        {"in_scope_en": 350, "out_of_scope": 80},
        {"in_scope_en": 0.93, "in_scope_other": 0.98, "out_of_scope": 0.98},
    ),
    # The fourth development sets: four writers who saw neither the engine nor any other set,
    # each scored fresh before the intent model trained on it (English, other languages,
    # refused): dev4a 84.0%, 96.0%, 97.4% and dev4b 84.4%, 95.2%, 98.3% (the engine at
    # d8e94d2); dev4c 94.0%, 89.8%, 98.3% and dev4d 79.4%, 95.2%, 98.3% (after the intent
    # model's second round, which had not seen them; d8e94d2 gave 91.0%, 86.3%, 95.7% and
    # 73.3%, 92.0%, 93.9%). Floors: the level reached once trained on all four
    # (docs/intent_model.md).
    "dev4a": (
        {"in_scope_en": 300, "out_of_scope": 100},
        {"in_scope_en": 0.96, "in_scope_other": 0.99, "out_of_scope": 0.99},
    ),
    "dev4b": (
        {"in_scope_en": 300, "out_of_scope": 100},
        {"in_scope_en": 0.96, "in_scope_other": 0.98, "out_of_scope": 0.99},
    ),
    "dev4c": (
        {"in_scope_en": 300, "out_of_scope": 100},
        {"in_scope_en": 0.98, "in_scope_other": 0.98, "out_of_scope": 0.99},
    ),
    "dev4d": (
        {"in_scope_en": 300, "out_of_scope": 100},
        {"in_scope_en": 0.95, "in_scope_other": 0.99, "out_of_scope": 0.99},
    ),
    # dev5a.yaml: a writer of English as a second language, dialects, gym jargon and
    # fragments, scored fresh before training on it (English, other languages, refused):
    # 91.0%, 99.2%, 98.3% with the rescue by the out-of-scope class (b047824); the engine at
    # 730a361 88.5%, 99.2%, 99.1%.
    "dev5a": (
        {"in_scope_en": 300, "out_of_scope": 100},
        {"in_scope_en": 0.98, "in_scope_other": 0.99, "out_of_scope": 0.99},
    ),
    # dev6.yaml: a fresh writer, mostly native es/pt/fr/de/ru, scored fresh before training
    # on it (English, other languages, refused): 94.3%, 91.4%, 98.2% at fa8c5f5; 95.0%,
    # 91.4%, 98.2% with the bare-dip rescue. Trained on since: 99.0%, 97.2%, 100%.
    "dev6": (
        {"in_scope_other": 250, "out_of_scope": 100},
        {"in_scope_en": 0.98, "in_scope_other": 0.97, "out_of_scope": 0.99},
    ),
    # dev7.yaml: a fresh writer (people who rarely say "hip dips", half the questions
    # indirect), kept out of training as a measure: 95.0%, 95.9%, 98.2% at the start of the
    # round of 13:00 (bd6901a), 95.3%, 97.2%, 98.2% at its end.
    "dev7": (
        {"in_scope_en": 300, "in_scope_other": 290, "out_of_scope": 110},
        {"in_scope_en": 0.95, "in_scope_other": 0.97, "out_of_scope": 0.98},
    ),
    # dev8.yaml: another fresh writer of that round (half the questions in es/pt/fr/de/ru,
    # stories, slang), written after its matching change was merged and scored on the engine
    # before it (aaf4db1: 92.3%, 92.8%, 100%) and after (93.3%, 93.4%, 100%); training the
    # intent model on dev7 then moved it to 92.3%, 93.4%, 100%, so dev7 stayed out too.
    "dev8": (
        {"in_scope_en": 300, "in_scope_other": 290, "out_of_scope": 110},
        {"in_scope_en": 0.93, "in_scope_other": 0.93, "out_of_scope": 1.0},
    ),
    # dev9.yaml: a fresh writer of short chat questions (round of 18:12), never trained on:
    # 97.7%, 99.3%, 99.1% at 5bb1a6d and at the round's end.
    "dev9": (
        {"in_scope_en": 300, "in_scope_other": 290, "out_of_scope": 110},
        {"in_scope_en": 0.97, "in_scope_other": 0.99, "out_of_scope": 0.99},
    ),
    # At-risk routed to the right category, and traps left alone. dev_safety10 and
    # dev_safety12 stay out of the safety model's training, so they keep measuring writers
    # the model never saw: dev_safety10 78.9% and 88.5% at fa8c5f5, 80.8% and 89.5% at the
    # end of that round, 82.5% and 90.3% after the round of 13:00; dev_safety12 (risk said in
    # passing) 70.0% and 87.2% at that round's start (25ba26e), 72.8% and 88.2% at its end.
    # dev_safety11 was scored fresh (75.8%, 89.5%), then trained on; dev_safety13 too (71.7%,
    # 90.5% at 032bbfc; 99.2%, 92.3% trained).
    "dev_safety10": ({"safety": 360, "trap": 390}, {"safety": 0.97, "trap": 0.91}),
    "dev_safety11": ({"safety": 360, "trap": 390}, {"safety": 0.98, "trap": 0.98}),
    "dev_safety12": ({"safety": 360, "trap": 390}, {"safety": 0.73, "trap": 0.88}),
    "dev_safety13": ({"safety": 360, "trap": 390}, {"safety": 0.99, "trap": 0.92}),
    # dev_safety14: a third fresh writer of that round, scored on its final engine (73.3%,
    # 90.0%); trained on, it cost dev_safety10 eight at-risk messages and dev_safety12 two and
    # gave more ordinary questions the gentle line, so it stays out of training as a measure.
    "dev_safety14": ({"safety": 360, "trap": 390}, {"safety": 0.75, "trap": 0.90}),
    # The round of 15:24's writers, committed unchanged and scored on 9a3a8df first:
    # dev_safety15 (crisis and eating weighted) 82.5% at risk right, 92.6% traps left alone,
    # then trained on. dev_safety16 (a measure, never trained on; its five languages partly
    # parallel) 89.7%, 91.3% -> 89.7%, 91.8%. dev_safety17 (hard traps) 78.9%, 86.4% ->
    # 79.7%, 86.7%; trained on, it moved the other fresh writers' at-risk messages by -2, +2,
    # +1, -1, so it stays out of training (docs/safety_model.md).
    "dev_safety15": ({"safety": 360, "trap": 390}, {"safety": 0.99, "trap": 0.93}),
    "dev_safety16": ({"safety": 360, "trap": 390}, {"safety": 0.90, "trap": 0.92}),
    "dev_safety17": ({"safety": 360, "trap": 390}, {"safety": 0.91, "trap": 0.87}),
    # dev_safety18 (a measure, never trained on): a risk beside an unrelated time word or
    # person, the failure safety9's reading showed; its six languages share their scenarios.
    # At risk right / traps left alone: 9a3a8df 91.4%, 83.9%; c5be102 (the reading, narrowed)
    # 90.5%, 87.8%; now 91.0%, 83.9%.
    "dev_safety18": ({"safety": 210, "trap": 180}, {"safety": 0.91, "trap": 0.84}),
    # The round of 18:12's writers, committed unchanged and scored on 5bb1a6d first, never
    # trained on. dev_safety19 (the everyday mix; numbers in words, ages as school years,
    # crisis as plans and goodbyes) 79.7% at risk right, 92.3% traps left alone -> 81.0%,
    # 92.6%; dev_safety20 (long chatty messages, dialects, older adults) 84.7%, 83.9% ->
    # 87.7%, 83.9%. dev_safety10's misses were read by the lead at that round's start, so
    # from then on it is development evidence (83.3% -> 97.2% once tuned on), not a measure.
    "dev_safety19": ({"safety": 300, "trap": 330}, {"safety": 0.81, "trap": 0.92}),
    "dev_safety20": ({"safety": 300, "trap": 330}, {"safety": 0.87, "trap": 0.83}),
}


@pytest.mark.parametrize("name", DEVELOPMENT_LEVELS)
def test_development_set_holds_its_level(name: str) -> None:
    total, scores = _development_scores(name)
    minimum_counts, floors = DEVELOPMENT_LEVELS[name]
    assert all(total[group] >= n for group, n in minimum_counts.items()), total
    assert all(scores[group] >= floor for group, floor in floors.items()), scores


@pytest.mark.parametrize("half", HALVES)
def test_accuracy_holds_on_both_halves(half: str) -> None:
    items = _load(HALVES[half])
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses: list[str] = []
    for item in items:
        answer = _engine().answer(item["q"])
        group = _group(item)
        total[group] += 1
        if _right(item, answer):
            right[group] += 1
        elif half == "dev":  # held-out failures are never listed: nobody tunes on them
            misses.append(f"{group}: {item['q']!r} -> {answer.kind}:{answer.topic}")
    scores = {group: right[group] / total[group] for group in GROUPS}
    print(
        f"\n{half}: "
        + ", ".join(f"{g} {s:.1%} (target {TARGETS[g]:.0%})" for g, s in scores.items())
    )
    failing = {g: round(s, 3) for g, s in scores.items() if s < FLOORS[half][g]}
    assert not failing, f"below the floor: {failing}\n" + "\n".join(misses)


def test_spanish_and_portuguese_held_out_questions_are_answered_in_their_language(
    faq_service: FaqService,
) -> None:
    """Issue #19: a held-out es or pt question from a user of that language gets the right
    entry written in that language (or the safety reply in it)."""
    replies = load_safety_replies()
    entries = load_faq()
    packs = {
        lang: load_faq_translations(TRANSLATIONS_DIR / lang / "faq", entries)
        for lang in ("es", "pt-BR")
    }
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for item in (i for name in HELD_OUT for i in _load(name)):
        if item["lang"] not in ("es", "pt") or item["group"] not in ("in_scope", "safety"):
            continue
        language = Language.ES if item["lang"] == "es" else Language.PT_BR
        answer = faq_service.answer(item["q"], language)
        total[item["group"]] += 1
        if item["group"] == "safety":
            category = item["expect"].removeprefix("safety:")
            written = replies.reply(category, language.value).answer
            right["safety"] += answer.kind == "safety" and answer.answer == written
        else:
            entry = packs[language.value].get(item["expect"])
            in_kind = entry is not None and answer.answer == entry.answer
            right["in_scope"] += answer.topic == item["expect"] and in_kind
    scores = {group: right[group] / total[group] for group in total}
    print(f"\nes/pt held-out, answered in kind: {scores} of {dict(total)}")
    # Issue #19's targets: 95% and 100%. In scope: 94.6% (157 of 166) before the intent model's
    # second round, 97.6% (162 of 166) after it; 97.0% (258 of 266) with the fourth set;
    # 92.3% (338 of 366) with the fifth (its writer's es/pt questions: 80 of 100 at 730a361),
    # below issue #19's 95%: a new writer finds what the earlier ones did not; 94.0% (344)
    # after the round of 08:00. Safety: 158 of 158 with four sets, 198 of 198 with the fifth
    # until that round's last safety retrain (clause reading, dev_safety9), 197 of 198 after;
    # 196 of 198 after the safety6 round's concepts (decided on development evidence).
    assert scores["in_scope"] >= 0.935 and scores["safety"] >= 0.985, scores


# heldout2.yaml's writer saw no phrasing, yet wrote three short questions that phrasings
# written earlier (at 1f54282, before that set existed) already held word for word; so did
# heldout3.yaml's writer with two (phrasings already there at 03f4e14, its first commit), and
# heldout4.yaml's writer with two (phrasings already there at d8e94d2, before it was written),
# and heldout5.yaml's writer with four (phrasings already there at 730a361).
COINCIDENCES = {
    clean(q)
    for q in (
        "are hip dips hereditary",
        "how to tone hip dips",
        "можно ли сжечь жир только на бёдрах",
        "did i inherit my hip dips",
        "how many times a week should i train hip dips",
        "how long until i see a difference in my hips",
        "los hip dips se heredan?",
        "are hip dips a deformity",
        "will gaining weight fill in my hip dips",
        "how to get hip dips on purpose",
        "will squatting fill my hip dips",
    )
}


def test_no_evaluation_question_is_a_copy_of_matching_wording() -> None:
    entries = load_faq()
    phrasings = load_phrasings({e.id for e in entries})
    # Titles were given to the writers as the list of topics; people ask them word for word.
    stored = {clean(t) for e in entries for t in (*e.phrasings, *e.keywords)}
    stored |= {clean(p) for table in phrasings.values() for ps in table.values() for p in ps}
    copies = [
        name
        for name in (
            *HALVES.values(),
            "dev2",
            "dev3",
            "dev_safety",
            "dev_safety2",
            "dev_multilingual",
        )
        for item in _load(name)
        if clean(item["q"]) in stored and clean(item["q"]) not in COINCIDENCES
    ]
    assert not copies, f"{len(copies)} evaluation questions are copies of matching wording"
