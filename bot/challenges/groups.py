"""The group half of challenges: who moderates, the group's settings, and where it lives.

A Discord server or Telegram group is stored on its first real change; until then it is shown
with defaults. The bot's presence matters for posts: while it is out of a group (removed),
standings and results for that group wait (bot/challenges/storage/repositories.py).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime

from bot.athletes.rules import parse_timezone
from bot.challenges.rules import Group
from bot.clock import Clock
from bot.errors import MANAGERS, BadInput, PermissionDenied
from bot.i18n import Language, Translator
from bot.marks import N_
from bot.ports import UnitOfWork, UnitOfWorkFactory
from bot.types import ChatRef, Platform

log = logging.getLogger(__name__)

_ROLE = re.compile(r"^\d{1,32}$")


@dataclass(frozen=True, slots=True)
class Caller:
    """Who sent a command in a group, as the adapter reported it."""

    chat: ChatRef
    is_moderator: bool = False
    roles: tuple[str, ...] = ()
    athlete_id: int | None = None
    display_name: str = ""


class ChallengeGroups:
    """Group settings and moderation; ChallengeService builds on it."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, default_timezone: str) -> None:
        self._uow = uow
        self._clock = clock
        self._default_timezone = default_timezone

    async def _group(self, uow: UnitOfWork, chat: ChatRef, *, create: bool = False) -> Group:
        group = await uow.challenges.group(chat.platform, chat.external_id)
        if group is not None:
            return group
        if create:
            return await uow.challenges.add_group(
                chat.platform, chat.external_id, chat.title, self._default_timezone, self._now()
            )
        # An unknown group is shown with defaults; it is stored on its first real change.
        return Group(0, chat.platform, chat.external_id, chat.title, self._default_timezone)

    @staticmethod
    def _require_moderator(caller: Caller, group: Group, what: str) -> None:
        role = group.moderator_role
        if not (caller.is_moderator or (role is not None and role in caller.roles)):
            raise PermissionDenied(what)

    def _now(self) -> datetime:
        return self._clock.now()

    async def settings(
        self, caller: Caller, field: str | None, value: str | None, tr: Translator
    ) -> str:
        """Show the group's settings, or change timezone / modrole / the language of posts
        (moderators only)."""
        async with self._uow() as uow:
            group = await self._group(uow, caller.chat)
            if field is None:
                return _shown(group, tr)
            self._require_moderator(caller, group, N_("change challenge settings"))
            setter = {
                "timezone": self._set_timezone,
                "modrole": self._set_modrole,
                "language": self._set_language,
            }.get(field)
            if setter is None:
                raise BadInput(
                    N_(
                        "Settings are: timezone <Area/City>, modrole <role id|none>, "
                        "language <en|es|pt-BR>."
                    )
                )
            answer = await setter(uow, caller, value or "", tr)
            await uow.commit()
        return answer

    async def _set_timezone(
        self, uow: UnitOfWork, caller: Caller, value: str, tr: Translator
    ) -> str:
        timezone = parse_timezone(value)
        group = await self._group(uow, caller.chat, create=True)
        await uow.challenges.update_group(group.id, timezone=timezone)
        return tr.gettext(
            "Timezone set to {timezone}; it applies to challenges created from now on.",
            timezone=timezone,
        )

    async def _set_modrole(
        self, uow: UnitOfWork, caller: Caller, value: str, tr: Translator
    ) -> str:
        if not caller.is_moderator:  # a role holder must not hand out moderation
            raise PermissionDenied(N_("change the moderator role"), MANAGERS)
        role = value.strip()
        if role.lower() in ("none", "-", "off"):
            role = ""
        elif not _ROLE.match(role):
            raise BadInput(N_("Give the moderator role as its numeric id, or none."))
        group = await self._group(uow, caller.chat, create=True)
        await uow.challenges.update_group(group.id, moderator_role=role)
        if role:
            return tr.gettext("Moderator role set to {role}.", role=role)
        return tr.gettext("Moderator role removed.")

    async def _set_language(
        self, uow: UnitOfWork, caller: Caller, value: str, tr: Translator
    ) -> str:
        chosen = Language.choose(value)
        group = await self._group(uow, caller.chat, create=True)
        await uow.challenges.update_group(group.id, language=chosen.value)
        return tr.gettext(
            "Standings and results here are now posted in {language}.",
            language=tr.language_name(chosen),
        )

    async def group_moved(
        self, platform: Platform, old_external_id: str, new_external_id: str
    ) -> None:
        """A group got a new id (a Telegram group became a supergroup): its challenges follow."""
        async with self._uow() as uow:
            moved = await uow.challenges.move_group(str(platform), old_external_id, new_external_id)
            await uow.commit()
        if moved:
            log.info("%s group %s moved to %s", platform, old_external_id, new_external_id)

    async def bot_membership(self, platform: Platform, external_id: str, present: bool) -> None:
        """The bot was removed from a group (its posts wait) or added back (they resume)."""
        async with self._uow() as uow:
            changed = await uow.challenges.set_bot_present(
                str(platform), external_id, present, self._now()
            )
            await uow.commit()
        if changed:
            state = "resumed: the bot is back in" if present else "paused: the bot left"
            log.info("posts %s %s group %s", state, platform, external_id)


def _shown(group: Group, tr: Translator) -> str:
    """A group's settings as moderators read them."""
    role = group.moderator_role or tr.gettext("none (server managers / group admins only)")
    shown = tr.gettext(
        "Timezone: {timezone}\nModerator role: {role}", timezone=group.timezone, role=role
    )
    language = group.language or Language.EN.value
    return shown + "\n" + tr.gettext("Posts in: {language}", language=language)
