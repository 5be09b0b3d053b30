"""One dispatcher per bot token: every process serves chats, one elected process sends the bulk.

Bulk work (check-ins, weekly messages, standings, results) runs as gated periodic jobs: a
gated job does nothing, and asks to be woken for nothing, unless this process leads. The
election is a lock (`LeaderLock`: a PostgreSQL advisory lock on a dedicated connection, a
file lock on SQLite) tried every POLL_SECONDS by the `fleet.leader` job, so when the leader
dies (kill -9 included) the server drops its lock and a follower has it within about a
second. The new leader wakes every gated job at once; the dispatcher's first pass then puts
back the claims of the dead holder (bot/services/dispatch.py), so nothing waits for a lease.

`is_leader()` and `on_change()` are the interface for whatever reports leadership (a
metrics gauge, a log).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Protocol

from bot.clock import Clock
from bot.jobs import PeriodicJob, Wakeups

log = logging.getLogger(__name__)

LEADER_JOB = "fleet.leader"
POLL_SECONDS = 1.0  # a follower tries the lock this often: takeover takes about this long
Listener = Callable[[bool], None]


class LeaderLock(Protocol):
    """The election's lock, in storage (bot/storage/leader.py)."""

    key: int  # derived from the platforms and a hash of their tokens, never a token

    @property
    def shared(self) -> bool:
        """True when several processes may compete for the lock (PostgreSQL)."""
        ...

    def hold_process(self) -> None:
        """Single-process databases: take the process lock or raise ConfigError."""
        ...

    async def try_acquire(self) -> bool:
        """Try once; True when this process holds the lock now."""
        ...

    async def still_held(self) -> bool:
        """False once the lock was lost (its connection broke)."""
        ...

    async def release(self) -> None:
        """Give the lock up."""
        ...


class Leadership:
    """Whether this process is the elected dispatcher of its token set."""

    def __init__(self, lock: LeaderLock, clock: Clock, poll_seconds: float = POLL_SECONDS):
        self._lock = lock
        self._clock = clock
        self._poll_seconds = poll_seconds
        self._leader = False
        self._closed = False
        self._listeners: list[Listener] = []
        self._polling = asyncio.Lock()  # one statement at a time on the lock's connection

    def is_leader(self) -> bool:
        """True while this process sends the bulk work."""
        return self._leader

    def on_change(self, listener: Listener) -> None:
        """Call `listener(is_leader)` whenever leadership is won or lost."""
        self._listeners.append(listener)

    def hold_process(self) -> None:
        """At start: on SQLite take the one-process lock (or raise ConfigError) and lead."""
        self._lock.hold_process()
        if not self._lock.shared:
            self._set(True)

    async def poll(self) -> bool:
        """Check the lock once: keep it, lose it, or try to win it. Returns is_leader()."""
        async with self._polling:
            if self._closed:
                return False
            if self._leader:
                self._set(await self._lock.still_held())
            else:
                self._set(await self._lock.try_acquire())
            return self._leader

    async def close(self) -> None:
        """Step down and release the lock, so another process takes over at once."""
        async with self._polling:
            self._closed = True
            await self._lock.release()
            self._set(False)

    def job(self) -> PeriodicJob:
        """The periodic job that runs the election."""
        return PeriodicJob(LEADER_JOB, self._poll_seconds, self._poll_job)

    def gate(self, jobs: Iterable[PeriodicJob], wakeups: Wakeups) -> list[PeriodicJob]:
        """The jobs, run only by the leader; winning leadership wakes them all at once."""
        gated = [self._gated(job) for job in jobs]
        names = [job.name for job in gated]

        def wake_all(leader: bool) -> None:
            if leader:
                for name in names:
                    wakeups.report(name, self._clock.now())

        self.on_change(wake_all)
        return gated

    async def _poll_job(self) -> None:
        await self.poll()

    def _gated(self, job: PeriodicJob) -> PeriodicJob:
        async def run() -> None:
            if self._leader or await self.poll():
                await job.run()

        async def next_due() -> datetime | None:
            if not self._leader or job.next_due is None:
                return None  # a follower is woken by winning the lock, not by due work
            return await job.next_due()

        return PeriodicJob(job.name, job.seconds, run, next_due)

    def _set(self, leader: bool) -> None:
        if leader == self._leader:
            return
        self._leader = leader
        if leader:
            log.info("leading dispatch for lock %016x", self._lock.key & (2**64 - 1))
        else:
            log.warning("no longer leading dispatch for lock %016x", self._lock.key & (2**64 - 1))
        for listener in list(self._listeners):
            try:
                listener(leader)
            except Exception:
                log.exception("leadership listener failed")
