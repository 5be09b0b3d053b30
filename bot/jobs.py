"""Periodic work the scheduler ticks: each feature contributes jobs, the scheduler runs them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PeriodicJob:
    """`run()` is called every `seconds`; it finds its own due work in the database."""

    name: str
    seconds: float
    run: Callable[[], Awaitable[None]]
