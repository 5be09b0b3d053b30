"""The one wiring point: settings, storage, clock and senders in; a ready app out."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

from prometheus_client import CollectorRegistry
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.accounts import commands as accounts
from bot.accounts.privacy import PrivacyService
from bot.accounts.reach import ReachService
from bot.accounts.service import AccountService, checkins_target
from bot.athletes import commands as profile
from bot.athletes.service import AthleteService
from bot.challenges import commands as challenges
from bot.challenges.posting_check import SetupService
from bot.challenges.service import ChallengeService
from bot.checkins import commands as checkins
from bot.checkins.dispatch import Dispatcher
from bot.checkins.service import CheckinService
from bot.checkins.sources import ProgramSessions, logged_from_history
from bot.checkins.weekly import DISPATCH_JOB, WeeklyMessages, checkin_jobs
from bot.clock import Clock, SystemClock
from bot.commands import general
from bot.commands.base import Registry
from bot.event_retention import EventRetention
from bot.faq import commands as faq
from bot.faq.service import FaqService, build_faq_service
from bot.i18n import Catalog
from bot.jobs import PeriodicJob, Wakeups
from bot.leadership import Leadership
from bot.metrics import MeteredRouter, PrometheusMetrics
from bot.ports import EventHandlers, Sender, UnitOfWorkFactory, UserLocks
from bot.programs import commands as programs
from bot.programs.service import ProgramService
from bot.router import Router
from bot.settings import Settings, load_settings
from bot.storage import SqlHolders, create_engine_for, make_uow_factory, upgrade_to_head
from bot.storage.health import due_backlog, schema_problem
from bot.storage.leader import SqlLeaderLock, leader_key
from bot.storage.rate_limits import SqlCommandLimiter, SqlSendBudgets
from bot.storage.user_lanes import SqlUserLocks
from bot.training_log.service import TrainingLogService
from bot.types import Platform
from knowledge.exercises import load_exercises
from knowledge.translations import load_exercise_languages

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Services:
    """Every application service, built once and shared by all adapters."""

    athletes: AthleteService
    faq: FaqService
    programs: ProgramService
    challenges: ChallengeService
    accounts: AccountService
    privacy: PrivacyService
    checkins: CheckinService
    training_log: TrainingLogService
    reach: ReachService
    setup: SetupService
    catalog: Catalog  # every language's translations, compiled once


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
    wakeups: Wakeups = field(default_factory=Wakeups)
    events: EventHandlers = field(default_factory=EventHandlers)  # who reacts to which event
    closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    metrics: PrometheusMetrics = field(default_factory=PrometheusMetrics)
    leadership: Leadership | None = None  # set by bootstrap(): who sends the bulk work
    send_budgets: SqlSendBudgets | None = None  # PostgreSQL: bot-wide pacing for the fleet
    user_locks: UserLocks | None = None  # PostgreSQL: one user's updates in order fleet-wide

    async def database_problem(self) -> str | None:
        """None when the database answers with its schema at head, else a short reason."""
        return await schema_problem(self.engine)

    async def refresh_backlog(self) -> None:
        """Update the due-queue depth and dispatch-lag gauges from the database."""
        now = self.clock.now()
        due, oldest = await due_backlog(self.engine, now)
        lag = (now - oldest).total_seconds() if oldest is not None else 0.0
        self.metrics.set_backlog(due, lag)

    async def aclose(self) -> None:
        """Release what the jobs hold (the dispatcher's liveness lock), then the database."""
        try:
            for close in reversed(self.closers):
                await close()
        finally:
            await self.engine.dispose()


def build_registry() -> Registry:
    """Every catalogue command, registered by its feature module."""
    registry = Registry()
    for feature in (general, profile, faq, programs, challenges, accounts, checkins):
        feature.register(registry)
    return registry


async def bootstrap(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    senders: dict[Platform, Sender] | None = None,
    migrate: bool = False,
    faq: FaqService | None = None,
    catalog: Catalog | None = None,
) -> App:
    """Build the whole core; with `migrate`, bring the schema to head first.

    `faq` and `catalog` let a caller that builds many apps in one process (the tests) load
    the knowledge base and the translations once; both are immutable, so sharing is safe.
    """
    settings = settings or load_settings()
    clock = clock or SystemClock()
    engine = create_engine_for(settings.database_url)
    if migrate:
        await upgrade_to_head(engine)
    events = EventHandlers()  # filled below, once every service exists
    uow = make_uow_factory(engine, clock, events)
    wakeups = Wakeups()
    sender_map: dict[Platform, Sender] = dict(senders or {})  # shared: the runtime fills it
    services = _services(settings, uow, clock, wakeups, sender_map, faq, catalog)
    metrics = PrometheusMetrics(CollectorRegistry())  # per app: no process-global registry
    app = App(
        settings,
        clock,
        engine,
        uow,
        services,
        _router(engine, services, clock, metrics),
        sender_map,
        wakeups=wakeups,
        events=events,
        metrics=metrics,
    )
    if engine.dialect.name == "postgresql":  # a fleet: shared send budget, per-user order
        app.send_budgets = SqlSendBudgets(engine, f"{leader_key(_tokens(settings)):x}")
        app.user_locks = SqlUserLocks(settings.database_url)
        app.closers.append(app.user_locks.close)
    _connect_features(services, events)
    app.periodic_jobs += _elected_jobs(app)
    return app


def _services(
    settings: Settings,
    uow: UnitOfWorkFactory,
    clock: Clock,
    wakeups: Wakeups,
    senders: dict[Platform, Sender],
    faq: FaqService | None,
    catalog: Catalog | None,
) -> Services:
    """Every feature's service on one unit-of-work factory and clock."""
    catalogue = load_exercises()
    catalog = catalog or Catalog.load()
    challenges = ChallengeService(
        uow, clock, catalogue.ids, senders, settings.default_timezone, catalog
    )
    training_log = TrainingLogService(uow)
    checkins = CheckinService(
        uow, clock, training_log=training_log.history, wakeup=wakeups.for_job(DISPATCH_JOB)
    )
    return Services(
        athletes=AthleteService(uow, settings.default_timezone),
        faq=faq or build_faq_service(catalog),
        programs=ProgramService(
            uow, catalogue, clock, settings.default_timezone, load_exercise_languages(catalogue)
        ),
        challenges=challenges,
        accounts=AccountService(uow, clock),
        privacy=PrivacyService(uow, clock),
        checkins=checkins,
        training_log=training_log,
        reach=ReachService(uow, checkins),
        setup=SetupService(uow),
        catalog=catalog,
    )


def _elected_jobs(app: App) -> list[PeriodicJob]:
    """The election's own job, and the bulk jobs that run only on the elected process."""
    leadership = app.leadership = _leadership(app)
    leadership.on_change(app.metrics.set_leader)
    challenges = app.services.challenges
    bulk = [
        PeriodicJob("challenge-standings", 60, challenges.post_due_standings),
        PeriodicJob("challenge-results", 60, challenges.announce_ended),
        EventRetention(app.uow, app.clock).job(),
        *_checkin_jobs(app, leadership),
    ]
    return [leadership.job(), *leadership.gate(bulk, app.wakeups)]


def _router(
    engine: AsyncEngine, services: Services, clock: Clock, metrics: PrometheusMetrics
) -> Router:
    """The router, timed into the metrics; on PostgreSQL the per-user limit is shared."""
    limiter = SqlCommandLimiter(engine) if engine.dialect.name == "postgresql" else None
    return MeteredRouter(build_registry(), services, clock, limiter, metrics=metrics)


def _tokens(settings: Settings) -> dict[str, str]:
    """The configured platform tokens (only ever hashed: lock keys, budget keys)."""
    pairs = (("discord", settings.discord_token), ("telegram", settings.telegram_token))
    return {platform: token.get_secret_value() for platform, token in pairs if token}


def _leadership(app: App) -> Leadership:
    """The dispatcher election of this token set (only the leader runs the bulk jobs)."""
    key = leader_key(_tokens(app.settings))
    leadership = Leadership(SqlLeaderLock(app.engine, key), app.clock)
    app.closers.append(leadership.close)
    return leadership


def _connect_features(services: Services, events: EventHandlers) -> None:
    """Between features: effects go through domain events, handled in the transaction that
    publishes them; read-only questions one feature asks another are wired as callables."""
    services.challenges.subscribe(events)  # check-in sessions, forget, merge
    # Queries one feature answers for another (no effects, so not events):
    services.accounts.use_checkin_platform(checkins_target(services.checkins.schedule))
    services.programs.use_feedback(services.checkins.weeks_feedback)


def _checkin_jobs(app: App, leadership: Leadership) -> list[PeriodicJob]:
    """The check-in dispatcher and the weekly summary / program jobs."""
    sessions = ProgramSessions(app.services.programs)
    holders = SqlHolders(app.engine)
    app.closers.append(holders.close)
    dispatcher = Dispatcher(
        app.uow,
        app.clock,
        app.senders,
        sessions,
        grace=timedelta(hours=app.settings.checkin_grace_hours),
        holders=holders,
        rate=app.settings.send_rate,
        batch_seconds=app.settings.dispatch_batch_seconds,
        logged_on=logged_from_history(app.services.training_log.history),
        leading=leadership.is_leader,
        catalog=app.services.catalog,
    )
    weekly = WeeklyMessages(app.uow, app.clock, dispatcher, app.services.checkins, sessions)
    return checkin_jobs(dispatcher, weekly)
