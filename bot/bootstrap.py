"""The one wiring point: settings, storage, clock and senders in; a ready app out."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import Clock, SystemClock
from bot.commands import faq, general, profile
from bot.commands.base import Registry
from bot.jobs import PeriodicJob
from bot.ports import Sender, UnitOfWorkFactory
from bot.router import Router
from bot.services.athletes import AthleteService
from bot.services.faq import FaqService, build_faq_engine
from bot.settings import Settings, load_settings
from bot.storage import create_engine_for, make_uow_factory, upgrade_to_head
from bot.types import Platform

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Services:
    """Every application service, built once and shared by all adapters."""

    athletes: AthleteService
    faq: FaqService


@dataclass
class App:
    """A wired application; adapters take what they need from here."""

    settings: Settings
    clock: Clock
    engine: AsyncEngine
    uow: UnitOfWorkFactory
    services: Services
    router: Router
    senders: dict[Platform, Sender] = field(default_factory=dict)
    periodic_jobs: list[PeriodicJob] = field(default_factory=list)

    async def aclose(self) -> None:
        """Release the database connections."""
        await self.engine.dispose()


def build_registry() -> Registry:
    """Every catalogue command, registered by its feature module."""
    registry = Registry()
    for feature in (general, profile, faq):
        feature.register(registry)
    return registry


async def bootstrap(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    senders: dict[Platform, Sender] | None = None,
    migrate: bool = False,
) -> App:
    """Build the whole core; with `migrate`, bring the schema to head first."""
    settings = settings or load_settings()
    clock = clock or SystemClock()
    engine = create_engine_for(settings.database_url)
    if migrate:
        await upgrade_to_head(engine)
    uow = make_uow_factory(engine, clock)
    services = Services(
        athletes=AthleteService(uow, settings.default_timezone),
        faq=FaqService(build_faq_engine()),
    )
    registry = build_registry()
    router = Router(registry, services, clock)
    return App(settings, clock, engine, uow, services, router, dict(senders or {}))
