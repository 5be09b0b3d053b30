"""Storage ports for group challenges and what a log or check-in credits on them."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Protocol

from bot.athletes.context_port import ReadWithSender
from bot.challenges.rebuild import MemberLogs, Rebuilt
from bot.challenges.rules import Challenge, CreditedLog, Group, Membership
from bot.ports.transactions import Conflict
from bot.training_log.rules import TrainingEntry


class ChallengeRepository(Protocol):
    """Groups, challenges and members with maintained totals (see bot/challenges/rules.py)."""

    async def group(self, platform: str, external_id: str) -> Group | None:
        """The group or None."""
        ...

    async def add_group(
        self, platform: str, external_id: str, title: str, timezone: str, at: datetime
    ) -> Group:
        """Store a new group."""
        ...

    async def update_group(
        self,
        group_id: int,
        *,
        timezone: str | None = None,
        moderator_role: str | None = None,
        language: str | None = None,
    ) -> None:
        """Change the group's timezone, moderator role ("" clears it) and/or post language."""
        ...

    async def group_language(self, group_id: int) -> str | None:
        """The language of a group's posts (None: not chosen)."""
        ...

    async def move_group(self, platform: str, old_external_id: str, new_external_id: str) -> bool:
        """Give a group its new platform id, with its challenges' posts; False if not moved."""
        ...

    async def set_bot_present(
        self, platform: str, external_id: str, present: bool, at: datetime
    ) -> bool:
        """Record that the bot left (or came back to) a group; False if nothing changed.

        While the bot is away, `running_since` and `claim_announcements` skip the group.
        """
        ...

    async def add_challenge(self, challenge: Challenge, key: str, at: datetime) -> int:
        """Store a new challenge and return its id."""
        ...

    async def by_name(self, platform: str, external_id: str, key: str) -> Challenge | None:
        """The group's challenge with this case-folded name, or None."""
        ...

    async def get(self, challenge_id: int) -> Challenge | None:
        """The challenge by id, or None."""
        ...

    async def in_group(self, group_id: int, limit: int = 25) -> list[Challenge]:
        """The group's challenges, newest start first."""
        ...

    async def end_now(self, challenge_id: int, at: datetime) -> None:
        """Move the end moment to `at`."""
        ...

    async def member(self, challenge: Challenge, athlete_id: int) -> Membership | None:
        """The athlete's membership in the challenge, hidden or not."""
        ...

    async def add_member(self, challenge_id: int, athlete_id: int, name: str, at: datetime) -> None:
        """A new visible member with a zero score."""
        ...

    async def set_hidden(self, member: Membership, hidden: bool) -> None:
        """Leave (hide, keeping the score) or re-join."""
        ...

    async def memberships_of(self, athlete_id: int) -> list[Membership]:
        """Every membership of the athlete in any group, hidden or not."""
        ...

    async def recount(self, challenge_id: int) -> None:
        """Rebuild the score buckets and member count from the members themselves."""
        ...

    async def top(self, challenge_id: int, limit: int) -> list[tuple[int, str, int]]:
        """(athlete id, name, score) of the best visible members in board order."""
        ...

    async def count_above(self, challenge_id: int, score: int) -> int:
        """Visible members with a strictly higher score."""
        ...

    async def claim_announcements(
        self, at: datetime, platforms: Sequence[str], limit: int = 20, only: int | None = None
    ) -> list[Challenge]:
        """Lock and mark as announced the ended, unannounced challenges (skip locked rows);
        with `only`, just that challenge if it is one of them."""
        ...

    async def unmark_announced(self, challenge_id: int) -> None:
        """Undo a claim whose post failed for a temporary reason."""
        ...

    async def running_since(
        self, started_before: datetime, at: datetime, platforms: Sequence[str]
    ) -> list[Challenge]:
        """Challenges still running at `at` that started before `started_before`."""
        ...

    async def claim_standings(self, challenge_id: int, week: int) -> bool:
        """Move the posted-week counter forward to `week`; False if already there."""
        ...

    async def set_standings_week(self, challenge_id: int, week: int) -> None:
        """Put the posted-week counter back (a post failed)."""
        ...


class MembersChanged(Conflict):
    """A credited member changed after it was read: nothing was stored; work the credits out
    again in a new unit of work (this one must not be committed)."""


class CreditRepository(Protocol):
    """The log path: training logs and what they credit on joined challenges."""

    async def memberships_to_credit(
        self,
        athlete_id: int,
        at: datetime,
        kinds: Collection[str],
        group: tuple[str, str] | None = None,
    ) -> list[Membership]:
        """Visible memberships in running challenges with a metric in `kinds`, as they are now.

        `group` = (platform, external id) limits them to one group's challenges. Nothing is
        locked: `save` checks they are unchanged.
        """
        ...

    def memberships_with_sender(
        self, at: datetime, kinds: Collection[str], group: tuple[str, str] | None = None
    ) -> ReadWithSender[list[Membership]]:
        """`memberships_to_credit`, read with the sender when the unit of work identifies the
        sender next (call it before identifying)."""
        ...

    async def save(
        self, credits: Sequence[CreditedLog], training: TrainingEntry | None = None
    ) -> None:
        """Store the training log and the credits (logs, totals, board buckets) all or nothing.

        Only if every credited member is still on the board with the version it was read with;
        otherwise raise MembersChanged (also when the database cancelled the write to settle a
        deadlock with another writer).
        """
        ...

    async def day_used(self, member: Membership, day: date) -> int:
        """What already counted for this member on one local day."""
        ...

    async def credited_days(self, member: Membership) -> list[date]:
        """Every local day on which something counted for this member."""
        ...

    async def counted_checkin(self, member: Membership, at: datetime) -> bool:
        """True when the check-in of moment `at` already counted for this member."""
        ...

    async def checkin_memberships(
        self, athlete_id: int, at: datetime, kinds: Collection[str]
    ) -> list[tuple[Membership, bool]]:
        """`memberships_to_credit` for the check-in of moment `at` (any group), each with
        whether that check-in already counted in the challenge (as read with the sender when
        `checkin_memberships_with_sender` asked for them with these kinds)."""
        ...

    def checkin_memberships_with_sender(self, kinds: Collection[str]) -> None:
        """Have the next sender read also read `checkin_memberships` for the check-in the unit
        of work answers (its moment named by the check-in history riding before)."""
        ...

    async def take_back_checkin(
        self, athlete_id: int, at: datetime, now: datetime
    ) -> list[MemberLogs]:
        """Delete the check-in of moment `at` from the athlete's challenge logs in challenges
        still running at `now` (an ended challenge's board is final).

        Returns the members it had counted for, each with the logs that remain, locked until
        the unit of work ends: a credit for them waits and then finds them changed. Raises
        MembersChanged when the database cancelled it to settle a deadlock.
        """
        ...

    async def save_rebuilt(self, rebuilt: Sequence[tuple[Membership, Rebuilt]]) -> None:
        """Store totals rebuilt for members `take_back_checkin` locked: they replace the stored
        ones, each version is bumped and visible members move between score buckets (one
        statement for the members, one for the buckets)."""
        ...
