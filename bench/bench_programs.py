"""Weekly program generation time: every profile combination x weeks 1-12.

Prints mean, p50, p99 and max per generated program, without feedback, with a full
feedback history (the adaptation path) and with twelve weeks of logged sets (the
progression path), next to baselines measured in the same run:
loading the exercise catalogue once and serialising a program to JSON. Ratios put the
generator against the 2 ms target and against those baselines. Exits 1 when the mean
exceeds the target. Run from the repository root: python bench/bench_programs.py
"""

from __future__ import annotations

import itertools
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.athletes.rules import AVOIDABLE, DAYS_PER_WEEK, EQUIPMENT, GOALS, LEVELS
from bot.programs.generator import Lift, Profile, WeekFeedback, generate_week
from knowledge.exercises import Catalogue, load_exercises

TARGET_MS = 2.0
WEEKS = range(1, 13)
CATALOGUE_LOADS = 20


def profiles() -> list[Profile]:
    """All 3 x 4 x 3 x 3 x 8 profile combinations."""
    avoid_sets = [
        frozenset(combo) for size in range(4) for combo in itertools.combinations(AVOIDABLE, size)
    ]
    return [
        Profile(goal, equipment, level, days, avoid)
        for goal, equipment, level, days, avoid in itertools.product(
            GOALS, EQUIPMENT, LEVELS, DAYS_PER_WEEK, avoid_sets
        )
    ]


def timed_ms(action: Callable[[], object]) -> float:
    """Wall time of one call in milliseconds."""
    started = time.perf_counter_ns()
    action()
    return (time.perf_counter_ns() - started) / 1e6


def summary(samples: Sequence[float]) -> tuple[float, float, float, float]:
    """Mean, p50, p99 and max of the samples."""
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.fmean(ordered), statistics.median(ordered), p99, ordered[-1]


def logged_weeks(catalogue: Catalogue, profile: Profile) -> list[Lift]:
    """Every working set of weeks 1-12 of the plain program logged at the top of its range."""
    lifts = []
    for week in WEEKS:
        for session in generate_week(catalogue, profile, week).sessions:
            for item in session.exercises:
                if item.purpose == "working":
                    top = int(item.reps.split("-")[1]) if item.reps else item.seconds or 0
                    lifts.append(Lift(week, item.exercise_id, top, item.sets, "20 kg", item.rir))
    return lifts


def main() -> int:
    """Run the benchmark and print the table; 1 when the mean misses the target."""
    load_ms = statistics.median(timed_ms(load_exercises) for _ in range(CATALOGUE_LOADS))
    catalogue = load_exercises()
    history = [
        WeekFeedback(adherence=0.4 if week % 4 == 0 else 0.9, too_hard=week % 6 == 0)
        for week in WEEKS
    ]
    history[2] = WeekFeedback(0.8, pain_exercises=frozenset({"clamshell", "lateral-lunge"}))
    plain: list[float] = []
    adapted: list[float] = []
    logged: list[float] = []
    serialise: list[float] = []
    everyone = profiles()
    for profile in everyone:
        lifts = logged_weeks(catalogue, profile)
        for week in WEEKS:
            plain.append(timed_ms(partial(generate_week, catalogue, profile, week)))
            adapted.append(timed_ms(partial(generate_week, catalogue, profile, week, history)))
            logged.append(timed_ms(partial(generate_week, catalogue, profile, week, (), lifts)))
            payload = generate_week(catalogue, profile, week).to_json()
            serialise.append(timed_ms(partial(json.dumps, payload)))

    count = len(everyone) * len(WEEKS)
    print(f"programs per row: {count} ({len(everyone)} profiles x {len(WEEKS)} weeks)")
    print(f"{'':34}{'mean':>9}{'p50':>9}{'p99':>9}{'max':>9}   (ms)")
    rows = (
        ("generate_week, no feedback", plain),
        ("generate_week, 12-week feedback", adapted),
        ("generate_week, 12 weeks of logs", logged),
        ("baseline: json.dumps of the program", serialise),
    )
    for label, samples in rows:
        mean, p50, p99, worst = summary(samples)
        print(f"{label:34}{mean:9.3f}{p50:9.3f}{p99:9.3f}{worst:9.3f}")
    print(f"{'baseline: load catalogue (median)':34}{load_ms:9.3f}")

    mean_plain = statistics.fmean(plain)
    mean_adapted = max(statistics.fmean(adapted), statistics.fmean(logged))
    print()
    print(f"target {TARGET_MS:.1f} ms per program")
    print(f"  mean / target (no feedback):      {mean_plain / TARGET_MS:6.2f}x")
    print(f"  mean / target (feedback or logs): {mean_adapted / TARGET_MS:6.2f}x")
    print(f"  p99 / target (with feedback):     {summary(adapted)[2] / TARGET_MS:6.2f}x")
    print(f"  p99 / target (with logs):         {summary(logged)[2] / TARGET_MS:6.2f}x")
    print(f"  generation / JSON serialisation:  {mean_plain / statistics.fmean(serialise):6.2f}x")
    print(f"  catalogue load / generation:      {load_ms / mean_plain:6.1f}x")
    within = max(mean_plain, mean_adapted) <= TARGET_MS
    print("result:", "within target" if within else "OVER TARGET")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
