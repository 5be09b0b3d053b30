"""`mydata` and `forget`: export everything stored about an athlete, or delete all of it.

Both work over every table keyed to the athlete (bot/storage/athlete_data.py walks the
schema), so tables added by later features are covered. Deleting the athlete row cascades
to every such row on every linked platform: accounts, profile, schedules and check-ins,
challenge memberships (so they leave every board) and logs, link codes.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Sequence

from bot.clock import Clock
from bot.ports import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

# Runs in the deleting transaction just before the athlete row goes: (uow, athlete id).
# For derived values the cascade cannot fix, e.g. a maintained member count.
BeforeForget = Callable[[UnitOfWork, int], Awaitable[None]]

EXPORT_FORMAT = "hipcoach-mydata/1"


class PrivacyService:
    """Exports and deletes an athlete's data."""

    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, *, before_forget: Sequence[BeforeForget] = ()
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._before_forget = list(before_forget)

    def add_before_forget(self, hook: BeforeForget) -> None:
        """Register a feature's clean-up to run inside every `forget`."""
        self._before_forget.append(hook)

    async def export(self, athlete_id: int) -> bytes:
        """Everything stored about the athlete as one UTF-8 JSON document."""
        async with self._uow() as uow:
            data = await uow.athlete_data.export(athlete_id)
        document = {
            "format": EXPORT_FORMAT,
            "exported_at": self._clock.now().isoformat(),
            **data,
        }
        return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True).encode()

    async def forget(self, athlete_id: int) -> bool:
        """Delete the athlete and everything keyed to them; False if already gone."""
        async with self._uow() as uow:
            for hook in self._before_forget:
                await hook(uow, athlete_id)
            deleted = await uow.athlete_data.delete(athlete_id)
            await uow.commit()
        if deleted:
            log.info("athlete %s forgotten", athlete_id)
        return deleted
