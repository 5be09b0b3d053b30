"""Loads as athletes type them ("40kg", "90 lb", "red band") and the next step up.

A load is kept as short normalised text: "40 kg", "90 lb", or a label such as "red band".
Weights go up by about 5 %, rounded to 0.5 kg or 2.5 lb (2.5 kg or 5 lb on a barbell) and
at least one such step (1 kg on dumbbells and machines); a label
goes "1 band up from red band", then "2 bands up from red band", until the athlete logs
what they actually used.
"""

from __future__ import annotations

import re

from bot.errors import BadInput
from bot.marks import N_

MAX_LOAD_CHARS = 32
_WEIGHT = re.compile(r"^(\d{1,4}(?:[.,]\d{1,2})?)\s*(kg|kgs|kilo|kilos|lb|lbs|pound|pounds)$")
_LABEL = re.compile(r"^[a-z0-9][a-z0-9 .+/-]*$")
_STEPPED = re.compile(r"^(\d+) (band|step)s? up from (.+)$")
UNITS = {"kg": "kg", "kgs": "kg", "kilo": "kg", "kilos": "kg"}
LOAD_HELP = N_("Write the load like @40kg, @90lb or @red-band (letters, numbers and - only).")


def normalize_load(text: str) -> str:
    """The stored form of a typed load; BadInput when it is empty, too long or odd."""
    cleaned = " ".join(text.strip().lower().removeprefix("@").replace("_", "-").split())
    weight = _WEIGHT.match(cleaned)
    if weight:
        value = float(weight[1].replace(",", "."))
        if value <= 0:
            raise BadInput(LOAD_HELP)
        return _format(value, UNITS.get(weight[2], "lb"))
    if not cleaned or len(cleaned) > MAX_LOAD_CHARS or not _LABEL.match(cleaned):
        raise BadInput(LOAD_HELP)
    return cleaned.replace("-", " ")


def next_load(load: str, equipment: tuple[str, ...]) -> str:
    """One step up from a normalised load: about 5 % heavier, or the next band up."""
    weight = _WEIGHT.match(load)
    if weight:
        value = float(weight[1])
        unit = UNITS.get(weight[2], "lb")
        grain = 0.5 if unit == "kg" else 2.5
        least = 1.0 if unit == "kg" else 2.5
        if "barbell" in equipment:  # the smallest common plates: 1.25 kg or 2.5 lb a side
            least = grain = 2.5 if unit == "kg" else 5.0
        step = max(least, round(value * 0.05 / grain) * grain)
        return _format(value + step, unit)
    stepped = _STEPPED.match(load)
    if stepped:
        count = int(stepped[1]) + 1
        return f"{count} {stepped[2]}s up from {stepped[3]}"
    return f"1 {'band' if 'band' in equipment else 'step'} up from {load}"


def _format(value: float, unit: str) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text} {unit}"
