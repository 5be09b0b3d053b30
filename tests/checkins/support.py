"""A small wired core for check-in tests: real storage, real services, a recording Sender."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import func, select

from bot.athletes import commands as profile
from bot.athletes.service import AthleteService
from bot.checkins import commands as checkin_commands
from bot.checkins.dispatch import Dispatcher
from bot.checkins.schedules import DueExercise, DueSession
from bot.checkins.service import CheckinService
from bot.checkins.storage.models import CheckinRow
from bot.checkins.weekly import WeeklyMessages
from bot.clock import ManualClock
from bot.commands import general
from bot.commands.base import Registry
from bot.events import SessionCounted
from bot.i18n import Catalog, Translator
from bot.ports import (
    DeliveryError,
    EventHandlers,
    RecipientUnreachable,
    RetryLater,
    Sender,
    UnitOfWorkFactory,
)
from bot.router import Router
from bot.storage import SqlHolders, create_engine_for, make_uow_factory
from bot.types import ChatRef, Incoming, Platform, Reply, UserRef


@dataclass
class RecordingSender:
    """A Sender that accepts instantly and remembers what it got; can be told to fail."""

    sent: list[tuple[str, Reply]] = field(default_factory=list)
    failures: list[Exception] = field(default_factory=list)  # raised first, in order
    unreachable: set[str] = field(default_factory=set)

    async def send_dm(self, user_external_id: str, reply: Reply) -> None:
        """Record the DM, or raise the next queued failure."""
        if user_external_id in self.unreachable:
            raise RecipientUnreachable("blocked")
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append((user_external_id, reply))

    async def send_channel(self, channel_id: str, reply: Reply) -> None:
        """Not used by check-ins."""
        self.sent.append((f"#{channel_id}", reply))


class FakeSessions:
    """SessionSource stand-in for the program feature (an edge of this feature)."""

    def __init__(self) -> None:
        self.session = DueSession(
            "Lateral day",
            (
                DueExercise("side-lying-abduction", "Side-lying abduction", 3, 15, "3 x 15"),
                DueExercise("clamshell", "Clamshell", 3, 12, "3 x 12"),
            ),
        )

    async def due_session(self, athlete_id: int, local_day: date) -> DueSession | None:
        """The same session every day."""
        return self.session

    async def weekly_program(self, athlete_id: int, tr: Translator) -> list[Reply]:
        """One message."""
        return [Reply(text="Your program for this week", private=True)]


@dataclass
class Core:
    """What tests drive: the router, the services, the dispatcher and the sender."""

    clock: ManualClock
    uow: UnitOfWorkFactory
    router: Router
    checkins: CheckinService
    athletes: AthleteService
    dispatcher: Dispatcher
    weekly: WeeklyMessages
    sender: RecordingSender
    senders: dict[Platform, Sender]
    sleeps: list[float]
    credited: list[tuple[int, Any]]

    async def say(
        self, text: str, user: str = "100", platform: Platform = Platform.TELEGRAM
    ) -> list[Reply]:
        """Send a text message as a private-chat user."""
        return await self.router.handle(_incoming(user, platform, text=text))

    async def press(
        self, action: str, user: str = "100", platform: Platform = Platform.TELEGRAM
    ) -> list[Reply]:
        """Press a button."""
        return await self.router.handle(_incoming(user, platform, action=action))


def _incoming(user: str, platform: Platform, text: str = "", action: str | None = None) -> Incoming:
    return Incoming(
        UserRef(platform, user, f"user{user}"), ChatRef(platform, user), text=text, action=action
    )


@asynccontextmanager
async def wired(
    url: str, clock: ManualClock, grace_hours: float = 3.0, catalog: Catalog | None = None
) -> AsyncIterator[Core]:
    """Build the check-in core on a migrated database (English unless given a catalog)."""
    catalog = catalog or Catalog.english()
    engine = create_engine_for(url)
    events = EventHandlers()
    uow = make_uow_factory(engine, clock, events)
    sender = RecordingSender()
    senders: dict[Platform, Sender] = {Platform.TELEGRAM: sender}
    sleeps: list[float] = []
    credited: list[tuple[int, Any]] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    async def on_done(_uow: Any, counted: SessionCounted) -> None:
        credited.append((counted.athlete_id, counted.at))

    athletes = AthleteService(uow, "UTC")
    events.on(SessionCounted, on_done)
    checkins = CheckinService(uow, clock)
    sessions = FakeSessions()
    grace, holders = timedelta(hours=grace_hours), SqlHolders(engine)
    dispatcher = Dispatcher(
        uow, clock, senders, sessions, grace=grace, holders=holders, sleep=sleep, catalog=catalog
    )
    weekly = WeeklyMessages(uow, clock, dispatcher, checkins, sessions)
    registry = Registry()
    for feature in (general, profile, checkin_commands):
        feature.register(registry)
    services = cast(Any, SimpleNamespace(athletes=athletes, checkins=checkins, catalog=catalog))
    router = Router(registry, services, clock)
    try:
        yield Core(
            clock,
            uow,
            router,
            checkins,
            athletes,
            dispatcher,
            weekly,
            sender,
            senders,
            sleeps,
            credited,
        )
    finally:
        await holders.close()
        await engine.dispose()


__all__ = ["Core", "DeliveryError", "RetryLater", "wired"]


async def seed_due(
    url: str, count: int, due: Any, *, days: str = "mon,wed,fri", user_ids: str = "u{}"
) -> None:
    """`count` athletes due at `due`, athlete i with Telegram user/chat `user_ids.format(i)`."""
    from sqlalchemy import insert

    from bot.athletes.storage.models import AthleteRow, PlatformAccountRow
    from bot.checkins.storage.models import CheckinScheduleRow

    engine = create_engine_for(url)
    try:
        async with engine.begin() as connection:
            athletes = [
                {"id": i, "created_at": due, "dms_stopped": False, "disclaimer_seen": True}
                for i in range(1, count + 1)
            ]
            await connection.execute(insert(AthleteRow), athletes)
            accounts = [
                {
                    "platform": "telegram",
                    "external_id": user_ids.format(i),
                    "athlete_id": i,
                    "display_name": "",
                    "dm_chat_id": user_ids.format(i),
                    "reachable": True,
                    "created_at": due,
                }
                for i in range(1, count + 1)
            ]
            await connection.execute(insert(PlatformAccountRow), accounts)
            schedules = [
                {
                    "athlete_id": i,
                    "days": days,
                    "local_time": "18:00",
                    "timezone": "Europe/Berlin",
                    "active": True,
                    "notice_pending": False,
                    "next_due_at": due,
                    "updated_at": due,
                }
                for i in range(1, count + 1)
            ]
            await connection.execute(insert(CheckinScheduleRow), schedules)
            if engine.dialect.name == "postgresql":
                # Explicit ids leave the sequence behind; move it past them.
                from sqlalchemy import text

                await connection.execute(
                    text("SELECT setval('athletes_id_seq', (SELECT max(id) FROM athletes))")
                )
    finally:
        await engine.dispose()


async def statuses(url: str) -> Counter[str]:
    """How many check-ins are in each status, read straight from the database."""
    engine = create_engine_for(url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(CheckinRow.status, func.count()).group_by(CheckinRow.status)
            )
            return Counter({status: count for status, count in rows})
    finally:
        await engine.dispose()


async def all_sent(url: str, count: int) -> bool:
    """Whether the database has exactly `count` check-ins, every one of them sent."""
    return await statuses(url) == {"sent": count}
