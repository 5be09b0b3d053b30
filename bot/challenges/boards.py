"""Leaderboards and the scheduled challenge posts: weekly standings and the final podium.

Both posts are claimed in the database before they are sent, so several processes (or a
restart) never post twice; a post that fails for a temporary reason is un-claimed and retried
on the next tick. A crash between the claim and the send loses that one post (at most once).
Standings a moderator asks for are posted at once and never retried: the moderator is told.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta

from bot.calendar import local_day
from bot.challenges import board_render as challenge_board
from bot.challenges import rules
from bot.challenges.rules import BoardRow, Challenge
from bot.clock import Clock
from bot.errors import NotDelivered
from bot.i18n import Catalog, Language, Translator
from bot.ports import (
    ChallengeRepository,
    DeliveryError,
    RecipientUnreachable,
    Sender,
    UnitOfWorkFactory,
)
from bot.rich import RichText
from bot.types import Platform, Reply

log = logging.getLogger(__name__)


def status(challenge: Challenge, now: datetime, tr: Translator | None = None) -> str:
    """starts in N days / N days left / last day / ended (in English unless tr is given)."""
    tr = tr or Catalog.english().translator(Language.EN)
    if challenge.ends_at <= now:
        return tr.gettext("ended")  # also when ended early, before its last day
    today = local_day(now, challenge.timezone)
    return challenge_board.status_text(tr, today, challenge.start, challenge.end)


async def top_rows(repo: ChallengeRepository, challenge: Challenge) -> list[BoardRow]:
    """The top 10 in board order with shared ranks."""
    top = await repo.top(challenge.id, rules.TOP_N)
    ranks = rules.shared_ranks([score for _, _, score in top])
    return [BoardRow(rank, n, s, a) for rank, (a, n, s) in zip(ranks, top, strict=True)]


async def board_text(
    tr: Translator,
    repo: ChallengeRepository,
    challenge: Challenge,
    athlete_id: int | None,
    now: datetime,
) -> RichText:
    """The rendered board in tr's language: top 10 plus the athlete's own line when outside it."""
    rows = await top_rows(repo, challenge)
    mine = None
    if athlete_id is not None:
        mine = next((row for row in rows if row.athlete_id == athlete_id), None)
        member = await repo.member(challenge, athlete_id) if mine is None else None
        if member is not None and not member.hidden:
            rank = 1 + await repo.count_above(challenge.id, member.state.score)
            mine = BoardRow(rank, member.display_name, member.state.score, athlete_id)
    unit = challenge_board.unit_text(tr, challenge.metric)
    return challenge_board.render_board(
        tr, challenge.name, status(challenge, now, tr), unit, rows, mine, challenge.members
    )


class ChallengePosts:
    """Posts standings and results through the platform senders (filled in by the runtime)."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        senders: Mapping[Platform, Sender],
        catalog: Catalog,
    ):
        self._uow = uow
        self._clock = clock
        self._senders = senders  # a reference: the runtime adds senders after bootstrap
        self._catalog = catalog

    async def group_translator(self, repo: ChallengeRepository, challenge: Challenge) -> Translator:
        """The language of the challenge's group's posts (set in challenge settings)."""
        language = Language.parse(await repo.group_language(challenge.group_id))
        return self._catalog.translator(language)

    async def post_due_standings(self) -> None:
        """Post weekly standings of running challenges (once per week, across restarts)."""
        now = self._clock.now()
        platforms = list(self._senders)
        if not platforms:
            return
        async with self._uow() as uow:
            running = await uow.challenges.running_since(now - timedelta(days=7), now, platforms)
        for challenge in running:
            week = (now - challenge.starts_at) // timedelta(days=7)
            if week <= challenge.standings_week:
                continue
            async with self._uow() as uow:
                if not await uow.challenges.claim_standings(challenge.id, week):
                    continue  # another process got it
                tr = await self.group_translator(uow.challenges, challenge)
                board = await board_text(tr, uow.challenges, challenge, None, now)
                await uow.commit()
            title = tr.gettext("Week {week} standings", week=tr.number(week))
            reply = Reply(text=board, title=title)
            if not await self._post(challenge, reply):
                async with self._uow() as uow:
                    await uow.challenges.set_standings_week(challenge.id, challenge.standings_week)
                    await uow.commit()

    async def announce_ended(self, only: int | None = None) -> int:
        """Announce the podium of each ended challenge (or just challenge `only`) exactly once,
        even after downtime; return how many were posted."""
        now = self._clock.now()
        platforms = list(self._senders)
        if not platforms:
            return 0  # no sender yet: leave them unclaimed
        async with self._uow() as uow:
            claimed = await uow.challenges.claim_announcements(now, platforms, only=only)
            posts = []
            for challenge in claimed:
                tr = await self.group_translator(uow.challenges, challenge)
                rows = await top_rows(uow.challenges, challenge)
                unit = challenge_board.unit_text(tr, challenge.metric)
                text = challenge_board.render_podium(
                    tr, challenge.name, unit, rows, challenge.members
                )
                posts.append((challenge, Reply(text=text, title=tr.gettext("Challenge results"))))
            await uow.commit()  # marked announced in the same transaction that claimed them
        posted = 0
        for challenge, reply in posts:
            if await self._post(challenge, reply):
                posted += 1
                continue
            async with self._uow() as uow:
                await uow.challenges.unmark_announced(challenge.id)
                await uow.commit()
        return posted

    async def post_now(self, challenge: Challenge, board: RichText, title: str) -> None:
        """Post standings a moderator asked for; NotDelivered says why it could not be."""
        sender = self._senders.get(Platform(challenge.platform))
        if sender is None:
            raise NotDelivered("Posting isn't available right now. Please try again later.")
        try:
            await sender.send_channel(challenge.channel_id, Reply(text=board, title=title))
        except RecipientUnreachable:
            raise NotDelivered(
                "I can't post in the standings channel: check that I can still see it and "
                "send messages there."
            ) from None
        except DeliveryError as error:
            log.warning("challenge %s: requested post failed (%s)", challenge.id, error)
            raise NotDelivered() from None

    async def _post(self, challenge: Challenge, reply: Reply) -> bool:
        """Send to the challenge's channel; False when it should be tried again later."""
        sender = self._senders.get(Platform(challenge.platform))
        if sender is None:
            return False
        try:
            await sender.send_channel(challenge.channel_id, reply)
        except RecipientUnreachable:
            log.warning("challenge %s: channel unreachable, post dropped", challenge.id)
        except DeliveryError as error:
            log.warning("challenge %s: post failed (%s), will retry", challenge.id, error)
            return False
        return True
