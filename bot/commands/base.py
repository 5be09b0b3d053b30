"""What a command is, the context it runs in, and the registry the router reads."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.clock import Clock
from bot.types import Incoming, Reply

if TYPE_CHECKING:
    from bot.bootstrap import Services


@dataclass
class Context:
    """One incoming message plus lazy access to who sent it."""

    incoming: Incoming
    services: Services
    clock: Clock
    registry: Registry
    _athlete_id: int | None = None

    async def athlete_id(self) -> int:
        """The sender's athlete id, created on first contact."""
        if self._athlete_id is None:
            self._athlete_id = await self.services.athletes.identify(
                self.incoming.user, self.incoming.chat
            )
        return self._athlete_id

    def athlete_changed(self, athlete_id: int) -> None:
        """The sender now belongs to another athlete (after linking accounts)."""
        self._athlete_id = athlete_id

    @property
    def in_group(self) -> bool:
        """True when the message came from a server or group chat."""
        return self.incoming.chat.is_group


CommandRun = Callable[[Context, str], Awaitable[list[Reply]]]
ActionRun = Callable[[Context, list[str]], Awaitable[list[Reply]]]


@dataclass(frozen=True)
class Command:
    """A catalogue command: `run(context, argument_text)` returns the replies."""

    name: str
    summary: str
    usage: str
    run: CommandRun
    in_private: bool = True
    in_groups: bool = False
    aliases: tuple[str, ...] = ()


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
