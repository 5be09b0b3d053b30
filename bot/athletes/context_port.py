"""Storage port for the per-message context: who sent it, their flags, what is still to say."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.athletes.rules import Account


@dataclass(frozen=True, slots=True)
class SenderRecord:
    """An account with its athlete's flags and whether a check-in notice is waiting."""

    account: Account
    dms_stopped: bool
    disclaimer_seen: bool
    notice_pending: bool
    language: str | None = None  # None: not known yet (an athlete from before languages)


class SenderContextRepository(Protocol):
    """The sender's context in one read, for the router's one context load per message."""

    async def read(
        self, platform: str, external_id: str, *, alone: bool = False
    ) -> SenderRecord | None:
        """The account, its athlete's flags and the pending notice; None for a new account.

        `alone`: the unit of work reads nothing else, so the read may skip its transaction."""
        ...
