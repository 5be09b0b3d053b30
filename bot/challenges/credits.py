"""What training credits on group challenges: `log`, and check-ins answered Done.

A log goes into the athlete's own history and counts for every running challenge the athlete
joined whose metric it fits: in the group it was typed in, or in every group from a private
chat. The scoring rules are in bot/challenges/rules.py. Credits are worked out from the
memberships as read, without a lock; storing them checks the members are unchanged, and when
one changed in between (two logs of one athlete at the same moment) the credits are worked out
again, so both logs count.

A check-in that starts to count as a session (SessionCounted) is credited, and one that stops
(SessionUncounted) takes its credit back from the challenges still running: its logs are
deleted and the members' totals rebuilt from the logs that remain
(bot/challenges/rebuild.py), with those members locked. Both run in the unit of work
that records the answer, so the answer and its credit commit together.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from bot.calendar import local_day
from bot.challenges import rules
from bot.challenges.rebuild import rebuild
from bot.challenges.rules import CreditedLog, Membership
from bot.clock import Clock
from bot.events import SessionCounted, SessionUncounted
from bot.ports import AthleteRef, CreditRepository, UnitOfWork, UnitOfWorkFactory, athlete_in
from bot.training_log.rules import LiftDetail, TrainingEntry
from bot.transactions import in_one_transaction
from bot.types import ChatRef

log = logging.getLogger(__name__)

SESSION_KINDS = ("sessions", "streak")


@dataclass(frozen=True, slots=True)
class Counted:
    """What one log did in one challenge."""

    challenge: str
    counted: int
    score: int
    capped: bool


class ChallengeCredits:
    """Training logs and what they credit."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def log(
        self,
        athlete: AthleteRef,
        chat: ChatRef,
        name: str | None,
        kind: str,
        exercise: str | None,
        amount: int,
        detail: LiftDetail | None = None,
    ) -> list[Counted]:
        """Record training and credit the fitting joined challenges (this group's, or all).

        `name` is what the athlete is called in the group now; boards show the latest one.
        Work out the credits from the members as they are now and store them with the
        training log entry; again while a member changed in between.
        """
        now = self._clock.now()
        kinds = SESSION_KINDS if kind == "sessions" else (f"reps:{exercise}",)
        scope = (str(chat.platform), chat.external_id) if chat.is_group else None

        async def store(uow: UnitOfWork) -> list[CreditedLog]:
            # Asked for before the sender is identified: one SELECT reads both.
            to_credit = uow.credits.memberships_with_sender(now, kinds, scope)
            athlete_id = await athlete_in(uow, athlete)
            members = await to_credit.rows_for(athlete_id)
            credits = [await _credit(uow.credits, m, amount, now, "log", name) for m in members]
            entry = TrainingEntry(athlete_id, kind, exercise, amount, now, detail)
            await uow.credits.save(credits, entry)
            return credits

        return [
            Counted(c.member.challenge.name, c.counted, c.state.score, c.capped)
            for c in await in_one_transaction(self._uow, store)
        ]

    async def session_counted(self, uow: UnitOfWork, event: SessionCounted) -> None:
        """A check-in now counts: one session for every joined sessions/streak challenge.

        A check-in is (athlete, moment) and counts at most once per challenge: Done -> Partly
        adds nothing. Done -> Skipped takes it back (`session_uncounted`), so a later Done
        counts it afresh. Runs in the answer's unit of work; MembersChanged runs it again.
        """
        athlete_id, at = event.athlete_id, event.at
        members = await uow.credits.checkin_memberships(athlete_id, at, SESSION_KINDS)
        credits = [
            await _credit(uow.credits, member, 1, at, "checkin", None)
            for member, counted in members
            if not counted
        ]
        await uow.credits.save(credits)

    def ride_session(self, uow: UnitOfWork) -> None:
        """Before a check-in answer reads its sender: `session_counted`'s memberships ride on
        that read (one statement less for a Done)."""
        uow.credits.checkin_memberships_with_sender(SESSION_KINDS)

    async def session_uncounted(self, uow: UnitOfWork, event: SessionUncounted) -> None:
        """A check-in no longer counts: take its session back where it counted.

        Only from challenges still running now: an ended challenge's board is final (and a
        later Done does not count the check-in there twice, its log is still there). The
        members are rebuilt from the logs that remain, so the daily cap is applied afresh.
        """
        now = self._clock.now()
        rebuilt = [
            (found.member, rebuild(found.member.challenge.metric.kind, found.logs, found.joined_at))
            for found in await uow.credits.take_back_checkin(event.athlete_id, event.at, now)
        ]
        if rebuilt:
            await uow.credits.save_rebuilt(rebuilt)

    async def credit_checkin(self, athlete_id: int, at: datetime) -> None:
        """`session_counted` in a unit of work of its own (tests, tools)."""
        event = SessionCounted(athlete_id, at)
        await in_one_transaction(self._uow, lambda uow: self.session_counted(uow, event))

    async def uncredit_checkin(self, athlete_id: int, at: datetime) -> None:
        """`session_uncounted` in a unit of work of its own (tests, tools)."""
        event = SessionUncounted(athlete_id, at)
        await in_one_transaction(self._uow, lambda uow: self.session_uncounted(uow, event))


async def _credit(
    repo: CreditRepository,
    member: Membership,
    amount: int,
    at: datetime,
    source: str,
    name: str | None,
) -> CreditedLog:
    kind = member.challenge.metric.kind
    day = local_day(at, member.challenge.timezone)
    result = rules.credit(kind, member.state, day, amount)
    if result.out_of_order:
        used = await repo.day_used(member, day)
        days = await repo.credited_days(member) if kind == "streak" else []
        result = rules.late_credit(kind, member.state, day, used, days, amount)
    capped = result.capped and kind == "sessions"  # extra sessions never matter to a streak
    return CreditedLog(member, result.state, result.counted, day, source, at, name, capped)
