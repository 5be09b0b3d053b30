"""Restrictive eating stated as a figure: "600 cals a day", "i eat like 850", "1 100 kcal",
or in words: "ochocientas kcal diarias", "six cents calories", "восемьсот в день"."""

from __future__ import annotations

from bot.faq.safety_numbers import number_readings
from knowledge.faq import IntakeRule

_WINDOW = 4  # words either side of a calorie figure that tell what it is about


def restrictive_intake(words: list[str], rule: IntakeRule) -> bool:
    """True when the words state eating under the rule's calories a day ("600 cals a day"),
    in digits or in the number words of any of the six languages."""
    # Without a calorie unit or a restricting verb no reading can state an intake (number
    # words become digits, never units or verbs), so most messages skip the five readers.
    if not rule.units.intersection(words) and not rule.bare_verbs.intersection(words):
        return False
    return any(_stated(reading, rule) for reading in number_readings(words, rule.number_words))


def _stated(words: list[str], rule: IntakeRule) -> bool:
    units = [i for i, word in enumerate(words) if word in rule.units]
    if not units:
        return _bare_intake(words, rule)
    # "600 cals", and also "i eat like 850" when calories are named elsewhere in the message.
    figures = {i - 1 for i in units if i >= 1 and words[i - 1].isdecimal()}
    figures |= {i - 2 for i in units if i >= 2 and words[i - 1] == "k" and words[i - 2].isdecimal()}
    # "ккал 600", "kcal: 800": the unit said first (not "1900 kcal 120 g", the next figure).
    figures |= {
        i + 1
        for i in units
        if i + 1 < len(words)
        and words[i + 1].isdecimal()
        and (i == 0 or not words[i - 1].isdecimal())
    }
    figures |= {
        i for i, word in enumerate(words) if word.isdecimal() and _after_eating(words, i, rule)
    }
    for i in sorted(figures):
        amount = _amount(words, i)
        if not (100 <= amount < rule.max_kcal):
            continue
        around = set(words[max(0, i - _WINDOW - 1) : i + _WINDOW + 2])
        if around & rule.not_intake:
            continue
        if around & rule.eating or around & rule.day:
            return True
    return False


def _bare_intake(words: list[str], rule: IntakeRule) -> bool:
    # No calorie word: only "<eat/restrict> ... 600 a day" counts, never "100 squats a day".
    for i, word in enumerate(words[:-2]):
        if not word.isdecimal() or not (100 <= _amount(words, i) < rule.max_kcal):
            continue
        per_day = words[i + 1] in rule.per and words[i + 2] in rule.day
        before = set(words[max(0, i - 4) : i])
        if per_day and before & rule.bare_verbs and not set(words[i : i + 5]) & rule.not_intake:
            return True
    return False


def _after_eating(words: list[str], index: int, rule: IntakeRule) -> bool:
    return bool(set(words[max(0, index - 3) : index]) & rule.verbs)


def _amount(words: list[str], index: int) -> int:
    # "1 100 kcal" is eleven hundred; "500 600 kcal" (a range) is six hundred.
    amount = int(words[index])
    if index + 1 < len(words) and words[index + 1] == "k":
        return 1000 * amount  # "1k kcal"
    before = words[index - 1] if index >= 1 else ""
    if before.isdecimal() and len(before) == 1 and len(words[index]) == 3:
        amount += 1000 * int(before)
    return amount
