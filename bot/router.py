"""The command router: one `Incoming` in, the replies out, for every platform."""

from __future__ import annotations

import logging
import math
from typing import TYPE_CHECKING

from bot.checkins.messages import unreachable_notice
from bot.clock import Clock
from bot.commands.base import Context, Registry
from bot.errors import BadInput, HipcoachError, PrivateOnly, RateLimited
from bot.i18n import N_, Language
from bot.rate_limits import CommandLimiter, SlidingWindowLimiter
from bot.types import Incoming, Platform, Reply

if TYPE_CHECKING:
    from bot.bootstrap import Services

log = logging.getLogger(__name__)

MAX_INPUT_CHARS = 1000
EPHEMERAL_IN_GROUPS = frozenset({Platform.DISCORD})
# Every Discord interaction needs an answer (a private one, outside the send budget), so a
# repeated refusal is still worded there; elsewhere it passes in silence.
ANSWER_REQUIRED = frozenset({Platform.DISCORD})
DISCLAIMER = N_(
    "Heads-up: hipcoach shares general fitness education, not medical advice. "
    "If something hurts, or you are pregnant, injured or recovering from surgery, "
    "check with a doctor or physiotherapist first."
)


def split_command(text: str, *, slash_optional: bool) -> tuple[str | None, str]:
    """Split '/Name args' into ('name', 'args'); (None, text) when it is not a command."""
    stripped = text.strip()
    if stripped.startswith("/"):
        stripped = stripped[1:]
    elif not slash_optional:
        return None, text.strip()
    head, *rest = stripped.split(maxsplit=1) or [""]  # any whitespace ends the name
    name = head.split("@", 1)[0].lower()  # Telegram adds @BotName in groups
    return (name or None), (rest[0].strip() if rest else "")


class Router:
    """Finds the command (or button action) for a message and runs it."""

    def __init__(
        self,
        registry: Registry,
        services: Services,
        clock: Clock,
        limiter: CommandLimiter | None = None,
    ) -> None:
        self._registry = registry
        self._services = services
        self._clock = clock
        # Per user, 20 commands/min: in memory, or shared by a fleet (bot/rate_limits.py).
        self._limiter: CommandLimiter = limiter or SlidingWindowLimiter(limit=20)

    @property
    def registry(self) -> Registry:
        """The commands and actions this router knows."""
        return self._registry

    async def handle(self, incoming: Incoming) -> list[Reply]:
        """Answer one message or button press; typed errors become short notices."""
        context = Context(incoming, self._services, self._clock, self._registry)
        try:
            replies = await self._dispatch(context)
        except HipcoachError as error:
            tr = await context.error_translator(error)
            # `details` let the adapter phrase a platform-dependent refusal in its own words,
            # in the language the refusal is in.
            extra = {**error.details, "language": tr.language.value}
            return [Reply(text=error.translated(tr), private=True, notice=True, extra=extra)]
        if replies and not all(reply.notice for reply in replies):
            replies = await self._with_one_time_notices(context, replies)
        language = context.language_read()
        if language is None:
            return replies
        # An adapter's own note about a reply ("sent privately") is in the reader's language.
        return [reply.in_language(language.value) for reply in replies]

    async def _dispatch(self, context: Context) -> list[Reply]:
        incoming = context.incoming
        if incoming.action is not None:
            return await self._run_action(context, incoming.action)
        text = incoming.text.strip()
        if len(text) > MAX_INPUT_CHARS:
            # The platform's locale, not the stored profile: nothing is read or written for
            # a message that may be group chatter from someone who never used the bot.
            language = Language.parse(incoming.locale)
            safety = context.services.faq.safety_answer(text, language)
            if safety is not None:  # care before length rules
                body = context.services.faq.formatted(safety)
                return [Reply(text=body, title=safety.title, notice=True)]
            too_long = N_("That message is too long (over {limit} characters).")
            raise BadInput(too_long, limit=str(MAX_INPUT_CHARS))
        slash_optional = incoming.user.platform == Platform.CONSOLE
        name, arguments = split_command(text, slash_optional=slash_optional)
        command = self._registry.commands.get(name) if name else None
        if command is None:
            if text.startswith("/"):
                unknown = N_("I don't know the command {command}. Try /help.")
                raise BadInput(unknown, command=f"/{name or ''}")
            if context.in_group or not text:
                return []  # privacy: ordinary group chatter is not for us
            if not await self._admitted(incoming):
                return []
            faq = self._registry.commands["faq"]
            return await faq.run(context, faq.with_options("", {"question": text}))
        # Discord can answer privately inside a server (ephemeral), so personal commands work
        # there; on Telegram they would post personal data to the group.
        personal_here = incoming.user.platform in EPHEMERAL_IN_GROUPS
        if context.in_group and not command.in_groups and not personal_here:
            raise PrivateOnly(command.name)
        if not context.in_group and not command.in_private:
            raise BadInput(N_("/{command} works in a server or group."), command=command.name)
        if not await self._admitted(incoming):
            return []
        if incoming.options is None:
            return await command.run(context, command.parse(arguments))
        return await command.run(context, command.with_options(arguments.lower(), incoming.options))

    async def _run_action(self, context: Context, action: str) -> list[Reply]:
        prefix, *parts = action.split(":")
        run = self._registry.actions.get(prefix)
        if run is None or len(action) > 64:
            raise BadInput(N_("That button has expired. Send the command again."))
        if not await self._admitted(context.incoming):
            return []
        return await run(context, parts)

    async def _admitted(self, incoming: Incoming) -> bool:
        """Whether the user is within the limit; over it, one notice per limited window.

        The first refusal raises RateLimited (the notice); the ones after it in the same
        window return False: nothing is run and nothing is said.
        """
        user = incoming.user
        key, now = (user.platform, user.external_id), self._clock.now()
        refusal = await self._limiter.admit(key, now)
        if refusal is None:
            return True
        if refusal.first or user.platform in ANSWER_REQUIRED:
            raise RateLimited(
                N_(
                    "You're sending commands faster than I can keep up. "
                    "Please wait {seconds} s and try again."
                ),
                seconds=max(1, math.ceil(refusal.wait)),
            )
        return False

    async def _with_one_time_notices(self, context: Context, replies: list[Reply]) -> list[Reply]:
        """The disclaimer on first contact; why check-ins stopped after a failed delivery.

        Both come from the sender read once for the message; only a flag that changes is
        written back, in one small unit of work (none at all on an ordinary message).
        """
        sender = await context.sender()
        # Never posted in a group: shown privately (Discord's ephemeral answers) or kept for
        # the athlete's first answer in a private chat.
        privately = not context.in_group or context.incoming.user.platform in EPHEMERAL_IN_GROUPS
        show_disclaimer = privately and not context.disclaimer_included
        disclaimer = not sender.disclaimer_seen and (show_disclaimer or context.disclaimer_included)
        notice_due = sender.notice_pending and not context.notice_taken
        if not disclaimer and not notice_due:
            return replies
        first, notice = await context.services.athletes.settle_notices(
            sender.athlete_id, disclaimer=disclaimer, notice=notice_due
        )
        extra: list[Reply] = []
        tr = await context.translator()
        if first and show_disclaimer:
            extra.append(Reply(text=tr.gettext(DISCLAIMER), private=True, notice=True))
        if notice is not None:
            text = unreachable_notice(notice, tr)
            extra.append(Reply(text=text, private=True, notice=True))
        return [*replies, *extra]
