"""What `hipcoach check` needs from the core: the groups to check, and its findings."""

from __future__ import annotations

from dataclasses import dataclass

from bot.ports import PostingPlace, UnitOfWorkFactory
from bot.types import Platform


@dataclass(frozen=True, slots=True)
class Finding:
    """One line of the setup report; a problem makes `hipcoach check` exit 1."""

    text: str
    problem: bool = False


def problem(text: str) -> Finding:
    """A finding that something is wrong."""
    return Finding(text, problem=True)


class SetupService:
    """Read-only answers about the bot's groups, for checking its setup on each platform."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def posting_places(self, platform: Platform) -> list[PostingPlace]:
        """The platform's groups the bot knows (servers on Discord), oldest first, each with
        the channels its challenges will still post in."""
        async with self._uow() as uow:
            return await uow.groups.posting_places(platform.value)
