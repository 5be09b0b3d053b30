"""The metrics port: what the core and the adapters report for an operator to watch."""

from __future__ import annotations

from typing import Literal, Protocol

# Kinds of failed sends an operator tells apart: flood control, blocked or forbidden,
# the platform failing, the network timing out, and anything else (a rejected message).
SendErrorKind = Literal["429", "403", "5xx", "timeout", "other"]
SEND_ERROR_KINDS: tuple[SendErrorKind, ...] = ("429", "403", "5xx", "timeout", "other")


class Metrics(Protocol):
    """Counters, gauges and timings; implementations must be cheap and never raise."""

    def update_received(self, platform: str) -> None:
        """An adapter received one update or event from its platform."""
        ...

    def reply_sent(self, platform: str, *, bulk: bool = False) -> None:
        """One message went out: a reply to a user, or (bulk) one the core started."""
        ...

    def send_failed(self, platform: str, kind: SendErrorKind) -> None:
        """A send failed, by kind."""
        ...

    def command_done(self, command: str, seconds: float) -> None:
        """The router answered one command (or button, or question) in `seconds`."""
        ...

    def set_backlog(self, due: int, lag_seconds: float) -> None:
        """Check-ins due now but not sent, and how late the oldest of them is."""
        ...

    def set_leader(self, leader: bool) -> None:
        """Whether this process is the elected dispatcher of its bot token."""
        ...
