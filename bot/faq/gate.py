"""The lexical on-topic gate: is a question ours, judged by how closely it matches an entry.

The bar depends on what the question names: an anchor of ours (hip dips, glutes, an
exercise) needs a modest share of an entry's wording; "hips" alone a closer match; nothing of
ours, a near copy of one of our phrasings. The learned model may rescue or veto the gate's
decision afterwards (bot/faq/engine.py); which words name our topic is bot/faq/topic.py.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.faq.index import Match, Query

# An on-topic question needs this share of its information in the entry's wording; one
# that names nothing of ours (no hip, glute, exercise...) must match an entry closely.
MIN_COVERAGE = 0.25
MIN_SCORE = 0.2
MIN_COVERAGE_OFF_ANCHOR = 0.75
MIN_SCORE_OFF_ANCHOR = 0.55
# "hips" without "dips" or a word of ours: close to an entry, a few stray words allowed.
MIN_COVERAGE_HIPS = 0.6
MIN_SCORE_HIPS = 0.45
MAX_UNKNOWN_SHARE_HIPS = 0.5
# A story naming hips (6+ words) matches no phrasing closely: one entry must stand out.
LONG = 6
MIN_COVERAGE_LONG = 0.5
LEAD = 1.5


def accepts(matches: Sequence[Match], query: Query, anchored: bool, near: bool) -> bool:
    """Whether the best lexical match makes the question ours, by how much of our topic it
    names: an anchor word (hip dips, glutes, an exercise), only "hips", or nothing of ours."""
    best = matches[0]
    if anchored:
        return best.coverage >= MIN_COVERAGE and best.score >= MIN_SCORE
    if near and (query.unknown <= MAX_UNKNOWN_SHARE_HIPS * len(query.slots)):
        if best.coverage >= MIN_COVERAGE_HIPS and best.score >= MIN_SCORE_HIPS:
            return True
        # A story about the hips matches no phrasing closely, but one entry stands out.
        runner_up = matches[1].total if len(matches) > 1 else 0.0
        return (
            len(query.slots) >= LONG
            and best.coverage >= MIN_COVERAGE_LONG
            and best.total >= LEAD * runner_up
        )
    # Nothing of ours is named: the question must be one of ours nearly word for word,
    # with no word that no entry uses ("biceps", "acne", "lawn").
    return (
        query.unknown == 0
        and len(query.slots) >= 2
        and best.coverage >= MIN_COVERAGE_OFF_ANCHOR
        and best.score >= MIN_SCORE_OFF_ANCHOR
    )
