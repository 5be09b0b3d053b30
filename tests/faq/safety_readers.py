"""The safety detectors the tests read messages with: the patterns alone, and with the model."""

from __future__ import annotations

import functools

from bot.faq.safety import SafetyDetector
from bot.faq.safety_model import SHIPPED_MODEL
from knowledge.faq import load_safety


@functools.cache
def detectors() -> tuple[SafetyDetector, SafetyDetector]:
    """(patterns only, patterns and the shipped model), built once per test process."""
    config = load_safety()
    return SafetyDetector(config), SafetyDetector(config, model_path=SHIPPED_MODEL)


def routed(detector: SafetyDetector, message: str) -> str | None:
    """The safety category the detector routes a message to, or None."""
    hit = detector.check(message)
    return None if hit is None else hit.category


def routed_with_model(message: str) -> str | None:
    """The category the shipped detector (patterns and model) routes a message to, or None."""
    return routed(detectors()[1], message)
