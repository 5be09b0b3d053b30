"""Storage port for the per-message context: who sent it, their flags, what is still to say."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, TypeVar

from bot.athletes.rules import Account

T_co = TypeVar("T_co", covariant=True)


class ReadWithSender(Protocol[T_co]):
    """A feature's rows of the sender's athlete, read together with the sender when the unit
    of work identifies the sender next (one statement for both), else on their own."""

    async def rows_for(self, athlete_id: int) -> T_co:
        """The rows of `athlete_id` (the athlete the unit of work identified, or was given)."""
        ...


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
