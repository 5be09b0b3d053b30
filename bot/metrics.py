"""Prometheus metrics behind the `bot.ports.metrics.Metrics` port, in an injected registry.

Bootstrap builds one `PrometheusMetrics` per process on its own `CollectorRegistry` (no
global registry), the HTTP server renders it at /metrics. `MeteredRouter` times commands.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from bot.ports.metrics import SEND_ERROR_KINDS, SendErrorKind
from bot.router import Router, split_command
from bot.types import Incoming, Platform, Reply

log = logging.getLogger(__name__)

# Seconds: a cached FAQ answer takes milliseconds, a chart or a paced program seconds.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class PrometheusMetrics:
    """Implements the Metrics port with prometheus-client collectors in `registry`."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else CollectorRegistry()
        made: dict[str, Any] = {"registry": self.registry}
        self._updates = Counter(
            "hipcoach_updates_received", "Updates received from a platform", ["platform"], **made
        )
        self._sent = Counter(
            "hipcoach_replies_sent",
            "Messages sent: replies to users (purpose=reply) or started by the core (bulk)",
            ["platform", "purpose"],
            **made,
        )
        self._errors = Counter(
            "hipcoach_send_errors", "Failed sends by kind", ["platform", "kind"], **made
        )
        self._latency = Histogram(
            "hipcoach_command_seconds",
            "Time the core took to answer a command, button or question",
            ["command"],
            buckets=LATENCY_BUCKETS,
            **made,
        )
        self._due = Gauge("hipcoach_due_checkins", "Check-ins due now and not sent yet", **made)
        self._lag = Gauge(
            "hipcoach_dispatch_lag_seconds", "Now minus the oldest due check-in (0: none)", **made
        )
        self._leader = Gauge(
            "hipcoach_leader", "1 when this process is its bot token's dispatcher", **made
        )
        for kind in SEND_ERROR_KINDS:  # every kind shows, at zero, before the first failure
            for platform in (Platform.TELEGRAM, Platform.DISCORD):
                self._errors.labels(platform=platform.value, kind=kind)

    def update_received(self, platform: str) -> None:
        """Count one update received from `platform`."""
        self._updates.labels(platform=platform).inc()

    def reply_sent(self, platform: str, *, bulk: bool = False) -> None:
        """Count one message sent."""
        self._sent.labels(platform=platform, purpose="bulk" if bulk else "reply").inc()

    def send_failed(self, platform: str, kind: SendErrorKind) -> None:
        """Count one failed send."""
        self._errors.labels(platform=platform, kind=kind).inc()

    def command_done(self, command: str, seconds: float) -> None:
        """Observe one command's latency."""
        self._latency.labels(command=command).observe(seconds)

    def set_backlog(self, due: int, lag_seconds: float) -> None:
        """Set the due queue depth and the dispatch lag."""
        self._due.set(due)
        self._lag.set(max(0.0, lag_seconds))

    def set_leader(self, leader: bool) -> None:
        """Set the leader gauge."""
        self._leader.set(1 if leader else 0)

    def render(self) -> bytes:
        """The registry in Prometheus' text format."""
        return generate_latest(self.registry)


class MeteredRouter(Router):
    """The Router, timing each `handle` into the metrics' command latency histogram."""

    def __init__(
        self,
        *args: Any,
        metrics: PrometheusMetrics,
        timer: Callable[[], float] = time.perf_counter,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._metrics = metrics
        self._timer = timer  # real elapsed time, not the (possibly manual) domain clock

    async def handle(self, incoming: Incoming) -> list[Reply]:
        """Answer like the Router does and record how long it took."""
        started = self._timer()
        try:
            return await super().handle(incoming)
        finally:
            self._metrics.command_done(self.command_label(incoming), self._timer() - started)

    def command_label(self, incoming: Incoming) -> str:
        """A bounded label: a catalogue command's name, "button", "text" or "unknown"."""
        if incoming.action is not None:
            return "button"
        slash_optional = incoming.user.platform == Platform.CONSOLE
        name, _ = split_command(incoming.text, slash_optional=slash_optional)
        if name is None:
            return "text"
        return name if name in self.registry.commands else "unknown"
