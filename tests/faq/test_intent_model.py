"""The learned entry classifier: shipped weights match their training, and it picks better."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pytest

from bot.faq.engine import FaqEngine
from bot.faq.intent_model import (
    INTENT_BUCKETS,
    OUT_OF_SCOPE,
    SHIPPED_INTENT_MODEL,
    IntentModel,
)
from bot.faq.safety_features import FEATURE_VERSION
from knowledge.faq import load_faq, load_safety
from knowledge.matching import load_matching, load_phrasings
from knowledge.safety_replies import load_safety_replies
from tests.support.scripts import load_script


def _trainer():  # type: ignore[no-untyped-def]
    return load_script("train_intent_model")


@functools.cache
def _engines() -> tuple[FaqEngine, FaqEngine]:
    entries = load_faq()
    parts = (
        entries,
        load_safety(),
        load_safety_replies(),
        load_matching(),
        load_phrasings({e.id for e in entries}),
    )
    return FaqEngine(*parts), FaqEngine(*parts, intent_model=SHIPPED_INTENT_MODEL)


def test_the_shipped_weights_were_trained_on_the_committed_data_and_settings() -> None:
    # Retraining takes a minute; the digest of the rebuilt data and settings is checked.
    with np.load(SHIPPED_INTENT_MODEL, allow_pickle=False) as data:
        digest = _trainer().training_digest(_trainer().build_training_data())
        assert str(data["training_sha256"]) == digest
        assert int(data["feature_version"]) == FEATURE_VERSION
    model = IntentModel.load(SHIPPED_INTENT_MODEL)
    assert set(model.entries) == {e.id for e in _engines()[0].entries()} | {OUT_OF_SCOPE}


@pytest.mark.parametrize(
    ("question", "lexical", "learned"),
    [
        ("cant feel my butt during any glute exercise", "finding-", "activation-gluteal-amnesia"),
        (
            "how do i know if i even have hip dips, can i feel for them",
            "body-image",
            "self-check-by-touch",
        ),
        # Near-verbatim to a phrasing of another entry ("bone or fat"): the model reads the ask.
        ("is it bone or fat that makes hip dips", "self-check-by-touch", "causes"),
        # Only the topic's name among the words the index knows: long enough to read the ask.
        ("what gives some people those dents on the side of the hips", "what-are-", "causes"),
    ],
)
def test_the_model_picks_the_entry_the_lexical_ranking_misses(
    question: str, lexical: str, learned: str
) -> None:
    without, with_model = (engine.answer(question) for engine in _engines())
    assert without.topic is not None and without.topic.startswith(lexical)
    assert with_model.kind == "answer" and with_model.topic == learned


@pytest.mark.parametrize(
    ("question", "entry"),
    [("side plank", "side-plank-abduction"), ("glutes", "gluteus-maximus")],
)
def test_a_short_question_naming_an_entry_keeps_it(question: str, entry: str) -> None:
    # Two words give the model's n-grams little to read; the lexical match names the entry.
    assert _engines()[1].answer(question).topic == entry


@pytest.mark.parametrize(
    "question",
    ["best tricep dips routine", "chip dip recipe", "hip hop dance classes near me"],
)
def test_the_gate_still_refuses_lookalikes_with_the_model(question: str) -> None:
    assert _engines()[1].answer(question).kind == "fallback"


def test_a_model_built_for_other_buckets_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.npz"
    with np.load(SHIPPED_INTENT_MODEL, allow_pickle=False) as data:
        fields = dict(data)
    np.savez(path, **{**fields, "n_buckets": np.int32(INTENT_BUCKETS * 2)})
    with pytest.raises(ValueError, match="retrain"):
        IntentModel.load(path)


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("wider back to make the waist look smaller?", "upper-body-v-taper"),
        ("how much sleep do i need for muscle recovery", "rest-and-recovery"),
    ],
)
def test_the_model_answers_what_the_lexical_gate_refuses_when_it_is_sure(
    question: str, entry: str
) -> None:
    # Neither names hips or glutes; the model, which also learned out-of-scope questions,
    # is sure enough (docs/intent_model.md, "rescue").
    without, with_model = (engine.answer(question) for engine in _engines())
    assert without.kind == "fallback"
    assert with_model.kind == "answer" and with_model.topic == entry


@pytest.mark.parametrize(
    "question",
    [
        "how do i get better at bench press",
        "how do i grow my biceps",
        "hip replacement recovery time",
        "whats the weather in london",
    ],
)
def test_other_gym_talk_stays_refused_with_the_model(question: str) -> None:
    assert _engines()[1].answer(question).kind == "fallback"


def test_the_model_refuses_what_the_lexical_gate_accepts_when_it_is_sure_it_is_not_ours() -> None:
    # "protein", "best": words of ours; the model learned that brand and taste questions
    # are out of scope.
    question = "what protein powder tastes best with almond milk"
    without, with_model = (engine.answer(question) for engine in _engines())
    assert without.kind == "answer"
    assert with_model.kind == "fallback"


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("will my dips fill in if i gain weight", "fat-loss-vs-fat-gain"),
        # "my dips wont go away" was answered until dev6 joined the training (12:00 round);
        # the model is no longer sure it is ours, and the bare dip is refused as before.
    ],
)
def test_bare_dips_are_hip_dips_when_the_model_is_sure(question: str, entry: str) -> None:
    # "dips" alone reads as bar dips to the lookalike rule; the model has learned bar, food
    # and market dips as none of ours, and says which entry these are.
    without, with_model = (engine.answer(question) for engine in _engines())
    assert without.kind == "fallback"
    assert with_model.kind == "answer" and with_model.topic == entry


@pytest.mark.parametrize(
    "question",
    ["buy the dip or wait?", "skinny dipping tonight?", "how many dips a day", "dips or push ups"],
)
def test_other_bare_dips_stay_refused(question: str) -> None:
    assert _engines()[1].answer(question).kind == "fallback"
