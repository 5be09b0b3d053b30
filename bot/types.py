"""Neutral message types shared by the core and every platform adapter."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from bot.rich import RichText, plain
from bot.rich_layout import plain_text


class Platform(StrEnum):
    """The places an athlete can talk to the bot from."""

    CONSOLE = "console"
    DISCORD = "discord"
    TELEGRAM = "telegram"


@dataclass(frozen=True, slots=True)
class UserRef:
    """One account on one platform; several may belong to the same athlete."""

    platform: Platform
    external_id: str
    display_name: str = ""
    # Where the bot may DM this user although they never wrote to it privately, on platforms
    # that allow it (Discord: any member of a shared server, by user id); "" elsewhere
    # (Telegram: a bot can only answer a user who started a private chat with it).
    dm_chat: str = ""


@dataclass(frozen=True, slots=True)
class ChatRef:
    """Where a message came from: a private chat or a group (Discord server / Telegram group)."""

    platform: Platform
    external_id: str
    kind: Literal["private", "group"] = "private"
    title: str = ""
    # Discord: the server is the group (external_id) and this is the channel the message
    # came from; Telegram: the same as external_id. Standings are posted here by default.
    channel_id: str = ""

    @property
    def is_group(self) -> bool:
        """True for a server or group chat, False for a direct message."""
        return self.kind == "group"


@dataclass(frozen=True, slots=True)
class Incoming:
    """A message or a button press, already stripped of platform details."""

    user: UserRef
    chat: ChatRef
    text: str = ""
    action: str | None = None  # callback data of a pressed button
    is_moderator: bool = False  # the adapter asks the platform; the core decides what it allows
    roles: tuple[str, ...] = ()  # Discord role ids of the sender, for a server's moderator role
    # Typed options a platform already separated (Discord's slash-command options); `text` is
    # then "/command [subcommand]" and these are checked against the command's declaration.
    options: Mapping[str, str | int | bool] | None = None
    # The sender's language as the platform tells it (Discord `es-ES`, Telegram `pt-br`,
    # the console's LANG); "" when unknown. Sets the athlete's language on first contact.
    locale: str = ""


@dataclass(frozen=True, slots=True)
class Button:
    """A button; `action` comes back as `Incoming.action` when it is pressed."""

    label: str
    action: str


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with a reply: a chart image or a data export."""

    filename: str
    data: bytes
    mime_type: str


@dataclass(frozen=True, slots=True, init=False)
class Reply:
    """What the core answers; adapters decide how it looks on their platform.

    `text` may be a plain str (core wording, shown as is) or a `RichText` body; `body` is
    always the rich form and the `text` property its plain-text reading.
    """

    body: RichText
    title: str | None
    buttons: tuple[tuple[Button, ...], ...]  # rows of buttons
    attachments: tuple[Attachment, ...]
    private: bool  # ephemeral on Discord; a DM-only answer elsewhere
    notice: bool  # a refusal or error message rather than content
    edit: bool  # answers a button press by replacing the message that carried it
    extra: dict[str, str]

    def __init__(
        self,
        text: str | RichText = "",
        title: str | None = None,
        buttons: tuple[tuple[Button, ...], ...] = (),
        attachments: tuple[Attachment, ...] = (),
        private: bool = False,
        notice: bool = False,
        edit: bool = False,
        extra: dict[str, str] | None = None,
    ) -> None:
        body = text if isinstance(text, RichText) else plain(text)
        values = (body, title, buttons, attachments, private, notice, edit, extra or {})
        for name, value in zip(_REPLY_FIELDS, values, strict=True):
            object.__setattr__(self, name, value)

    @property
    def text(self) -> str:
        """The body as plain text (what the console prints and tests read)."""
        return plain_text(self.body)

    def with_text(self, text: str | RichText) -> Reply:
        """The same reply with another body (an adapter's own wording of a refusal)."""
        return self._replaced(text, self.extra)

    def in_language(self, language: str) -> Reply:
        """The same reply marked with its reader's language, for text an adapter adds to it."""
        if self.extra.get("language"):
            return self
        return self._replaced(self.body, {**self.extra, "language": language})

    def _replaced(self, text: str | RichText, extra: dict[str, str]) -> Reply:
        return Reply(
            text,
            self.title,
            self.buttons,
            self.attachments,
            self.private,
            self.notice,
            self.edit,
            extra,
        )


_REPLY_FIELDS = ("body", "title", "buttons", "attachments", "private", "notice", "edit", "extra")
