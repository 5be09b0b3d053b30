"""`mydata` and `forget`: export everything stored about an athlete, or delete all of it.

Both work over every table keyed to the athlete (bot/storage/athlete_data.py walks the
schema), so tables added by later features are covered. Deleting the athlete row cascades
to every such row on every linked platform: accounts, profile, schedules and check-ins,
challenge memberships (so they leave every board) and logs, link codes.
"""

from __future__ import annotations

import json
import logging

from bot.clock import Clock
from bot.domain.events import AthleteForgetting
from bot.ports import UnitOfWorkFactory

log = logging.getLogger(__name__)

EXPORT_FORMAT = "hipcoach-mydata/1"


class PrivacyService:
    """Exports and deletes an athlete's data."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

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
            # Features fix what the cascade cannot (maintained counts) in this transaction.
            await uow.events.publish(AthleteForgetting(athlete_id))
            deleted = await uow.athlete_data.delete(athlete_id)
            await uow.commit()
        if deleted:
            log.info("athlete %s forgotten", athlete_id)
        return deleted
