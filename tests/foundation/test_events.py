"""Domain events: stored in `domain_events`, handled from the stored row in the publishing
transaction, pruned by the periodic job once handled longer than the retention."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.event_retention import PRUNE_JOB, RETENTION
from bot.events import AthletesMerged, DomainEvent, SessionCounted
from bot.ports import UnitOfWork
from tests.challenges.helpers import count_rows, in_private, run_sql

UNHANDLED = "SELECT count(*) FROM domain_events WHERE handled_at IS NULL"
ALL_EVENTS = "SELECT count(*) FROM domain_events"


async def _athlete(app: App, user: str = "11") -> int:
    incoming = in_private("x", user=user)
    return await app.services.athletes.identify(incoming.user, incoming.chat)


async def _publish(app: App, *events: DomainEvent) -> None:
    async with app.uow() as uow:
        for event in events:
            await uow.events.publish(event)
        await uow.commit()


async def _prune(app: App) -> None:
    await next(job for job in app.periodic_jobs if job.name == PRUNE_JOB).run()


async def test_handlers_get_the_event_back_from_its_row_and_mark_it_handled(
    app: App, clock: ManualClock, migrated_url: str
) -> None:
    athlete, other = await _athlete(app), await _athlete(app, "12")
    seen: list[DomainEvent] = []

    async def counted(uow: UnitOfWork, event: SessionCounted) -> None:
        seen.append(event)
        await uow.events.publish(AthletesMerged(event.athlete_id, other))  # a follow-up event

    async def merged(uow: UnitOfWork, event: AthletesMerged) -> None:
        seen.append(event)

    app.events.on(SessionCounted, counted)
    app.events.on(AthletesMerged, merged)
    published = SessionCounted(athlete, clock.now() - timedelta(hours=2))
    await _publish(app, published)
    assert seen == [published, AthletesMerged(athlete, other)]  # equal after the round trip
    assert isinstance(seen[0], SessionCounted) and seen[0].at.tzinfo is not None
    assert await count_rows(migrated_url, ALL_EVENTS) == 2
    assert await count_rows(migrated_url, UNHANDLED) == 0


async def test_a_failing_handler_keeps_neither_the_event_nor_its_effects(
    app: App, clock: ManualClock, migrated_url: str
) -> None:
    athlete = await _athlete(app)

    async def fails(uow: UnitOfWork, event: SessionCounted) -> None:
        await uow.athletes.set_flags(event.athlete_id, dms_stopped=True)
        raise RuntimeError("handler failed")

    app.events.on(SessionCounted, fails)
    with pytest.raises(RuntimeError, match="handler failed"):
        await _publish(app, SessionCounted(athlete, clock.now()))
    assert await count_rows(migrated_url, ALL_EVENTS) == 0
    async with app.uow() as uow:
        found = await uow.athletes.get(athlete)
    assert found is not None and not found.dms_stopped


async def test_handled_events_are_pruned_after_the_retention_and_not_before(
    app: App, clock: ManualClock, migrated_url: str
) -> None:
    athlete = await _athlete(app)
    await _publish(app, SessionCounted(athlete, clock.now()), SessionCounted(athlete, clock.now()))
    clock.advance(timedelta(days=3))
    await _publish(app, SessionCounted(athlete, clock.now()))
    await run_sql(
        migrated_url,  # a row no handler has run for yet is never pruned, whatever its age
        **dict.fromkeys(
            ("sqlite", "postgresql"),
            "INSERT INTO domain_events (kind, payload, occurred_at)"
            " VALUES ('test.pending', '{}', '2026-01-01 00:00:00+00:00')",
        ),
    )
    clock.advance(RETENTION - timedelta(days=3, minutes=1))
    await _prune(app)
    assert await count_rows(migrated_url, ALL_EVENTS) == 4  # a minute short of the retention
    clock.advance(timedelta(minutes=2))
    await _prune(app)
    assert await count_rows(migrated_url, ALL_EVENTS) == 2  # the first two went
    clock.advance(timedelta(days=3))
    await _prune(app)
    assert await count_rows(migrated_url, ALL_EVENTS) == 1
    assert await count_rows(migrated_url, UNHANDLED) == 1
