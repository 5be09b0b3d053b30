"""How challenges keep their boards right when an athlete is forgotten or merged.

Both run in the unit of work that publishes the event, so a board never counts someone who
is gone, nor misses the sessions an athlete brought in by linking accounts.
"""

from __future__ import annotations

from bot.events import AthleteForgetting, AthletesMerged
from bot.ports import UnitOfWork


async def hide_forgotten(uow: UnitOfWork, event: AthleteForgetting) -> None:
    """Take an athlete about to be deleted out of the maintained board counts."""
    for member in await uow.challenges.memberships_of(event.athlete_id):
        if not member.hidden:
            await uow.challenges.set_hidden(member, True)


async def recount_merged(uow: UnitOfWork, event: AthletesMerged) -> None:
    """Recount the boards the merged athlete is on."""
    for member in await uow.challenges.memberships_of(event.athlete_id):
        await uow.challenges.recount(member.challenge.id)
