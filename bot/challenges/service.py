"""Group challenges: moderation, membership, logging, leaderboards and scheduled posts.

A challenge belongs to one group (a Discord server or a Telegram group): every lookup goes
through the group of the chat the command came from, so nothing crosses groups. Scoring rules
and the tie order are documented in bot/challenges/rules.py.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Collection, Mapping
from dataclasses import replace
from datetime import datetime

from bot import rich
from bot.calendar import local_day
from bot.challenges import inputs, rules
from bot.challenges.athlete_events import hide_forgotten, recount_merged
from bot.challenges.boards import ChallengePosts, board_text, status
from bot.challenges.credits import ChallengeCredits, Counted
from bot.challenges.groups import Caller, ChallengeGroups
from bot.challenges.rules import Challenge
from bot.clock import Clock
from bot.errors import BadInput, NotFound
from bot.events import (
    AthleteForgetting,
    AthletesMerged,
    SessionCounted,
    SessionUncounted,
)
from bot.i18n import Catalog, Translator
from bot.marks import N_
from bot.ports import (
    AthleteRef,
    EventHandlers,
    Sender,
    UnitOfWork,
    UnitOfWorkFactory,
)
from bot.rich import RichText
from bot.training_log.rules import LiftDetail
from bot.types import ChatRef, Platform

NO_CHALLENGES = N_("No challenges here yet. Moderators start one with /challenge create.")
log = logging.getLogger(__name__)

# Platforms whose adapter only offers channels of the caller's own server.
CHANNEL_CHOICE_PLATFORMS = frozenset({Platform.DISCORD})
_CHANNEL = re.compile(r"^-?\d{1,32}$")


class ChallengeService(ChallengeGroups):
    """Challenges scoped to the group that owns them."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        exercises: Collection[str],
        senders: Mapping[Platform, Sender],
        default_timezone: str,
        catalog: Catalog | None = None,
    ) -> None:
        super().__init__(uow, clock, default_timezone)
        self._exercises = frozenset(exercises)
        self._senders = senders  # filled by the runtime after bootstrap: keep the reference
        self._posts = ChallengePosts(uow, clock, senders, catalog)
        self._credits = ChallengeCredits(uow, clock)

    @property
    def exercises(self) -> frozenset[str]:
        """Exercise ids a reps challenge or `log reps` may name."""
        return self._exercises

    # --- create / end -------------------------------------------------------------------

    async def create(
        self, caller: Caller, name: str, metric: str, start: str, end: str, channel: str | None
    ) -> Challenge:
        """Create a challenge in the caller's group (moderators only)."""
        now = self._now()
        async with self._uow() as uow:
            group = await self._group(uow, caller.chat)
            self._require_moderator(caller, group, N_("create challenges"))
            clean = inputs.validate_name(name)
            parsed = inputs.parse_metric(metric, self._exercises)
            first, last = inputs.parse_date(start), inputs.parse_date(end)
            inputs.validate_dates(first, last, local_day(now, group.timezone))
            if channel and caller.chat.platform not in CHANNEL_CHOICE_PLATFORMS:
                # Only Discord's adapter resolves the channel inside the caller's server; any
                # other id could point a group's standings at someone else's chat.
                raise BadInput(N_("Standings are posted in this group; channel= is for Discord."))
            target = channel or caller.chat.channel_id or caller.chat.external_id
            if not _CHANNEL.match(target):
                raise BadInput(N_("The channel must be given as its numeric id: channel=<id>."))
            key = inputs.name_key(clean)
            if await uow.challenges.by_name(group.platform, group.external_id, key):
                taken = N_("This group already has a challenge called {name}.")
                raise BadInput(taken, name=repr(clean))
            group = await self._group(uow, caller.chat, create=True)
            begins, ends = rules.window(first, last, group.timezone)
            challenge = Challenge(
                0, group.id, group.platform, clean, parsed, first, last, group.timezone,
                target, begins, ends,
            )  # fmt: skip
            challenge_id = await uow.challenges.add_challenge(challenge, key, now)
            await uow.commit()
        log.info("challenge %s created in group %s", challenge_id, group.id)
        return replace(challenge, id=challenge_id)

    async def _find(self, uow: UnitOfWork, chat: ChatRef, name: str) -> Challenge:
        key = inputs.name_key(" ".join(name.split()))
        found = await uow.challenges.by_name(str(chat.platform), chat.external_id, key)
        if found is None:
            unknown = repr(name[:60])
            missing = N_("There is no challenge called {name} here. Try /challenge list.")
            raise NotFound(missing, name=unknown)
        return found

    async def _moderated(self, uow: UnitOfWork, caller: Caller, name: str, what: str) -> Challenge:
        """The named challenge of the caller's group, once the caller is known to moderate."""
        self._require_moderator(caller, await self._group(uow, caller.chat), what)
        return await self._find(uow, caller.chat, name)

    async def end(self, caller: Caller, name: str, tr: Translator) -> RichText:
        """End a running or upcoming challenge now (moderators only) and post its results
        once, in its channel (the scheduled announcement retries if that fails)."""
        now = self._now()
        async with self._uow() as uow:
            challenge = await self._moderated(uow, caller, name, N_("end challenges"))
            if challenge.ends_at <= now:
                raise BadInput(N_("{name} has already ended."), name=challenge.name)
            await uow.challenges.end_now(challenge.id, now)
            await uow.commit()
        if await self._posts.announce_ended(only=challenge.id):
            return tr.body("{name} is over: I've posted the results.", name=challenge.name)
        later = N_("{name} is over. The results will be posted in a moment.")
        return tr.body(later, name=challenge.name)

    # --- membership -----------------------------------------------------------------------

    async def join(self, caller: Caller, name: str, tr: Translator) -> RichText:
        """Join (or re-join, restoring the score) a challenge of this group."""
        assert caller.athlete_id is not None
        now = self._now()
        async with self._uow() as uow:
            challenge = await self._find(uow, caller.chat, name)
            if challenge.ends_at <= now:
                raise BadInput(N_("{name} has already ended."), name=challenge.name)
            member = await uow.challenges.member(challenge, caller.athlete_id)
            if member is not None and not member.hidden:
                return tr.body("You're already in {name}.", name=challenge.name)
            if member is None:
                await uow.challenges.add_member(
                    challenge.id, caller.athlete_id, caller.display_name, now
                )
                answer = tr.body("You joined {name}. Log training with /log.", name=challenge.name)
            else:
                await uow.challenges.set_hidden(member, False)
                score = member.state.score
                back = N_("Welcome back to {name}: your {amount} count again.")
                if score == 1:
                    back = N_("Welcome back to {name}: your {amount} counts again.")
                amount = rich.Text(challenge.metric.amount(score, tr))
                answer = tr.body(back, name=challenge.name, amount=amount)
            await uow.commit()
        return answer

    async def leave(self, caller: Caller, name: str, tr: Translator) -> RichText:
        """Leave a challenge: hidden from the board, the score is kept for a re-join."""
        assert caller.athlete_id is not None
        async with self._uow() as uow:
            challenge = await self._find(uow, caller.chat, name)
            member = await uow.challenges.member(challenge, caller.athlete_id)
            if member is None or member.hidden:
                raise BadInput(N_("You're not in {name}."), name=challenge.name)
            await uow.challenges.set_hidden(member, True)
            await uow.commit()
        left = N_("You left {name}. Re-join any time to get your score back.")
        return tr.body(left, name=challenge.name)

    async def overview(self, chat: ChatRef, tr: Translator) -> RichText:
        """The group's challenges with their metric, dates and status."""
        now = self._now()
        async with self._uow() as uow:
            group = await self._group(uow, chat)
            found = await uow.challenges.in_group(group.id) if group.id else []
        if not found:
            return tr.body(NO_CHALLENGES)
        line = N_("{name} — {unit}, {start} to {end}, {status}, {members}")
        items = [
            tr.spans(
                line,
                name=rich.bold(rich.literal(c.name)),
                unit=rich.Text(c.metric.unit_in(tr)),
                start=rich.Text(c.start.isoformat()),
                end=rich.Text(c.end.isoformat()),
                status=rich.Text(status(c, now, tr)),
                members=rich.Text(rules.member_count(c.members, tr)),
            )
            for c in found
        ]
        return rich.doc(rich.bullets(*items))

    async def names(self, chat: ChatRef, prefix: str = "") -> list[str]:
        """Names of the group's challenges starting with `prefix` (for autocomplete)."""
        async with self._uow() as uow:
            group = await self._group(uow, chat)
            found = await uow.challenges.in_group(group.id) if group.id else []
        key = prefix.casefold()
        return [c.name for c in found if c.name.casefold().startswith(key)]

    # --- logging (bot/challenges/credits.py) -----------------------------------

    async def log(
        self,
        caller: Caller,
        kind: str,
        exercise: str | None,
        amount: int,
        detail: LiftDetail | None = None,
        *,
        athlete: AthleteRef | None = None,
    ) -> list[Counted]:
        """Record training and credit the fitting joined challenges (this group's, or all);
        the athlete is the caller's, or `athlete` (the sender identified with the log)."""
        who = caller.athlete_id if athlete is None else athlete
        assert who is not None
        name = caller.display_name if caller.chat.is_group else None
        return await self._credits.log(who, caller.chat, name, kind, exercise, amount, detail)

    def subscribe(self, handlers: EventHandlers) -> None:
        """Credit check-ins that start counting as sessions and take back those that stop;
        keep board counts right when an athlete is forgotten or merged (each in the unit of
        work that publishes the event)."""
        handlers.on(SessionCounted, self._credits.session_counted)
        handlers.read_ahead(SessionCounted, self._credits.ride_session)
        handlers.on(SessionUncounted, self._credits.session_uncounted)
        handlers.on(AthleteForgetting, hide_forgotten)
        handlers.on(AthletesMerged, recount_merged)

    async def credit_checkin(self, athlete_id: int, at: datetime) -> None:
        """A check-in answered Done: one session for every joined sessions/streak challenge."""
        await self._credits.credit_checkin(athlete_id, at)

    async def uncredit_checkin(self, athlete_id: int, at: datetime) -> None:
        """A check-in no longer answered Done: its session leaves the running challenges."""
        await self._credits.uncredit_checkin(athlete_id, at)

    # --- boards and posts -----------------------------------------------------------------

    async def leaderboard(self, caller: Caller, name: str | None, tr: Translator) -> RichText:
        """Top 10 plus the caller's own rank for a challenge of this group."""
        now = self._now()
        async with self._uow() as uow:
            if name:
                challenge = await self._find(uow, caller.chat, name)
                note = RichText()
            else:
                challenge, note = await self._default_challenge(uow, caller.chat, now, tr)
            board = await board_text(uow.challenges, challenge, caller.athlete_id, now, tr)
        return rich.doc(board, note)

    async def post_standings(self, caller: Caller, name: str, tr: Translator) -> RichText:
        """Post a challenge's standings to its channel now (moderators only)."""
        now = self._now()
        async with self._uow() as uow:
            challenge = await self._moderated(uow, caller, name, N_("post standings"))
            posted = await self._posts.translator(uow, challenge)  # in the group's language
            board = await board_text(uow.challenges, challenge, None, now, posted)
        await self._posts.post_now(challenge, board, posted)
        return tr.body("Posted the standings of {name}.", name=challenge.name)

    async def _default_challenge(
        self, uow: UnitOfWork, chat: ChatRef, now: datetime, tr: Translator
    ) -> tuple[Challenge, RichText]:
        group = await self._group(uow, chat)
        found = await uow.challenges.in_group(group.id) if group.id else []
        if not found:
            raise NotFound(NO_CHALLENGES)
        running = [c for c in found if c.active_at(now)]
        if len(running) > 1:
            others = ", ".join(f'"{c.name}"' for c in running[1:])
            also = N_('Also running: {names}. Use /leaderboard "<name>".')
            return running[0], tr.body(also, names=others)
        return (running or found)[0], RichText()

    async def post_due_standings(self) -> None:
        """Post weekly standings of running challenges (once per week, across restarts)."""
        await self._posts.post_due_standings()

    async def announce_ended(self) -> None:
        """Announce the podium of each ended challenge exactly once, even after downtime."""
        await self._posts.announce_ended()
