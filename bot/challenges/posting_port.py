"""Reading which groups the bot knows and where their challenges post, for `hipcoach check`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class PostingPlace:
    """A Discord server or Telegram group with challenges, and where its posts go.

    `channel_ids` are the posting channels of its challenges that still have something to
    post (standings or results), in creation order without repeats; on Telegram the group
    is its own channel. `bot_present` is False after the platform told us the bot was removed.
    """

    external_id: str
    title: str
    bot_present: bool
    channel_ids: tuple[str, ...]


class GroupDirectory(Protocol):
    """Read-only view of the stored groups."""

    async def posting_places(self, platform: str) -> list[PostingPlace]:
        """Every stored group of the platform, oldest first."""
        ...
