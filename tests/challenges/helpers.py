"""Message builders and a recording sender for the challenge tests."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.bootstrap import App
from bot.ports import RecipientUnreachable, RetryLater
from bot.types import ChatRef, Incoming, Platform, Reply, UserRef


def in_group(
    text: str,
    user: str = "11",
    name: str = "Alice",
    *,
    group: str = "1001",
    platform: Platform = Platform.DISCORD,
    moderator: bool = False,
    roles: tuple[str, ...] = (),
) -> Incoming:
    """A command typed in a group (Discord server channel 5<group> / Telegram group)."""
    channel = group if platform == Platform.TELEGRAM else "5" + group
    chat = ChatRef(platform, group, "group", "Hip Club", channel_id=channel)
    command = "/" + text
    return Incoming(
        UserRef(platform, user, name), chat, command, is_moderator=moderator, roles=roles
    )


def in_private(text: str, user: str = "11", name: str = "Alice") -> Incoming:
    """A command typed in a private chat."""
    chat = ChatRef(Platform.DISCORD, "dm" + user, "private")
    return Incoming(UserRef(Platform.DISCORD, user, name), chat, "/" + text)


async def say(app: App, incoming: Incoming) -> str:
    """The text of the first reply (notices included)."""
    replies = await app.router.handle(incoming)
    assert replies, f"no reply to {incoming.text!r}"
    return replies[0].text


async def mod(app: App, text: str, **kwargs: object) -> str:
    """A command from a moderator of group 1001 (or the given group)."""
    return await say(app, in_group(text, "99", "Mo", moderator=True, **kwargs))  # type: ignore[arg-type]


@dataclass
class RecordingSender:
    """A Sender that remembers channel posts; can fail the next N posts with RetryLater, or
    every post with RecipientUnreachable (`gone`: the bot lost the channel)."""

    posts: list[tuple[str, Reply]] = field(default_factory=list)
    fail_next: int = 0
    gone: bool = False

    async def send_dm(self, user_external_id: str, reply: Reply) -> None:
        """Not used by challenges."""
        raise AssertionError("challenges never DM")

    async def send_channel(self, channel_id: str, reply: Reply) -> None:
        """Record the post, or fail it."""
        if self.gone:
            raise RecipientUnreachable(channel_id)
        if self.fail_next:
            self.fail_next -= 1
            raise RetryLater(5)
        self.posts.append((channel_id, reply))
