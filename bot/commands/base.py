"""What a command is, the context it runs in, and the registry the router reads."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.athletes.service import SenderState
from bot.checkins.messages import unreachable_notice
from bot.clock import Clock
from bot.commands.declare import Args, Form, Value, bind, parse_words, pick_form, usage_error
from bot.errors import Busy, HipcoachError, RateLimited
from bot.i18n import Language, Translator
from bot.ports import UnitOfWork
from bot.types import Incoming, Reply

if TYPE_CHECKING:
    from bot.bootstrap import Services


@dataclass
class Context:
    """One incoming message plus who sent it, loaded once (account, flags, pending notice)."""

    incoming: Incoming
    services: Services
    clock: Clock
    registry: Registry
    _sender: SenderState | None = None
    # The reply already carries the disclaimer (help): it counts as the one-time showing.
    disclaimer_included: bool = False
    notice_taken: bool = False

    async def sender(self) -> SenderState:
        """The sender's athlete and flags, read in one unit of work on first use."""
        if self._sender is None:
            self._sender = await self.services.athletes.load_sender(
                self.incoming.user, self.incoming.chat, self.incoming.locale
            )
        return self._sender

    async def identify(self, uow: UnitOfWork) -> int:
        """The sender's athlete id, read inside the command's own unit of work (an `Identify`):
        the message's one context load without a transaction of its own. Kept for the rest of
        the message unless it wrote (first contact, a refreshed account): those writes commit
        or roll back with that unit of work, so a later use reads the sender again."""
        if self._sender is None:
            user, chat, locale = self.incoming.user, self.incoming.chat, self.incoming.locale
            sender, wrote = await self.services.athletes.sender_in(uow, user, chat, locale)
            if wrote:
                return sender.athlete_id
            self._sender = sender
        return self._sender.athlete_id

    def language_read(self) -> Language | None:
        """The sender's language if the sender was read for this message (nothing is read)."""
        return None if self._sender is None else self._sender.language

    async def translator(self) -> Translator:
        """Text, plurals, numbers and dates in the sender's language."""
        return self.services.catalog.translator((await self.sender()).language)

    async def error_translator(self, error: HipcoachError) -> Translator:
        """The language to refuse in: the sender's, or the platform's when reading the sender
        would add work to an overload (rate limit) or fail again (busy storage)."""
        if self._sender is None and isinstance(error, RateLimited | Busy):
            return self.services.catalog.translator(Language.parse(self.incoming.locale))
        try:
            return await self.translator()
        except HipcoachError:
            return self.services.catalog.translator(Language.parse(self.incoming.locale))

    async def athlete_id(self) -> int:
        """The sender's athlete id, created on first contact."""
        return (await self.sender()).athlete_id

    def athlete_changed(self, athlete_id: int) -> None:
        """The sender now belongs to another athlete (after linking): read it afresh."""
        self._sender = None

    async def take_notice(self) -> str | None:
        """Why check-ins stopped, once, for a command that shows it before its answer."""
        if self.notice_taken or not (await self.sender()).notice_pending:
            return None
        self.notice_taken = True
        rule = await self.services.checkins.take_notice(await self.athlete_id())
        return None if rule is None else unreachable_notice(rule, await self.translator())

    @property
    def in_group(self) -> bool:
        """True when the message came from a server or group chat."""
        return self.incoming.chat.is_group


CommandRun = Callable[[Context, Args], Awaitable[list[Reply]]]
ActionRun = Callable[[Context, list[str]], Awaitable[list[Reply]]]
TextGrammar = Callable[[str], dict[str, Value]]


@dataclass(frozen=True)
class Command:
    """A catalogue command, declared once: `run(context, args)` returns the replies.

    `forms` are its subcommands (or one unnamed form); `default` is the subcommand used when
    none is named; `grammar` replaces the generated text parser for a command with its own
    shorthand (log's `3x12 @40kg rir 2`), still producing the declared values.
    """

    name: str
    summary: str
    run: CommandRun
    forms: tuple[Form, ...] = (Form(),)
    in_private: bool = True
    in_groups: bool = False
    aliases: tuple[str, ...] = ()
    default: str | None = None
    grammar: TextGrammar | None = None
    on_discord: bool = True

    def form(self, sub: str) -> Form:
        """The subcommand of that name (the unnamed form for ""); BadInput when unknown."""
        found = next((form for form in self.forms if form.name == sub), None)
        if found is None:
            raise usage_error(self.name, self.forms)
        return found

    def parse(self, arguments: str) -> Args:
        """Typed values from the text after the command name."""
        if self.grammar is not None:
            return bind(self.name, self.forms[0], self.grammar(arguments))
        form, rest = pick_form(self.name, self.forms, arguments, self.default)
        return bind(self.name, form, parse_words(self.name, form, rest))

    def with_options(self, sub: str, options: Mapping[str, Value | None]) -> Args:
        """Typed values from options a platform already separated (Discord's)."""
        return bind(self.name, self.form(sub), options)


@dataclass
class Registry:
    """Commands by name and button actions by prefix (`prefix:arg:arg`)."""

    commands: dict[str, Command] = field(default_factory=dict)
    actions: dict[str, ActionRun] = field(default_factory=dict)

    def add(self, command: Command) -> None:
        """Register a command under its name and aliases."""
        for name in (command.name, *command.aliases):
            if name in self.commands:
                raise ValueError(f"command {name!r} registered twice")
            self.commands[name] = command

    def add_action(self, prefix: str, run: ActionRun) -> None:
        """Register the handler for buttons whose action starts with `prefix:`."""
        if prefix in self.actions:
            raise ValueError(f"action {prefix!r} registered twice")
        self.actions[prefix] = run

    def catalogue(self) -> list[Command]:
        """Each command once, in registration order."""
        seen: dict[str, Command] = {}
        for command in self.commands.values():
            seen.setdefault(command.name, command)
        return list(seen.values())


def text_reply(text: str, *, private: bool = False, title: str | None = None) -> list[Reply]:
    """The common case: one plain text reply."""
    return [Reply(text=text, private=private, title=title)]
