"""Message builders, a recording sender and direct SQL for the challenge tests."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text

from bot.bootstrap import App
from bot.ports import RecipientUnreachable, RetryLater
from bot.storage import create_engine_for
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


async def run_sql(url: str, **by_dialect: str) -> list[Any]:
    """Run one statement on the test database, past the bot: the one for its dialect."""
    engine = create_engine_for(url)
    async with engine.begin() as connection:
        result = await connection.execute(text(by_dialect[connection.dialect.name]))
        rows = list(result.all()) if result.returns_rows else []
    await engine.dispose()
    return rows


async def count_rows(url: str, sql: str) -> int:
    """The one number a count query gives, on either database."""
    [(found,)] = await run_sql(url, postgresql=sql, sqlite=sql)
    return int(found)


async def boards_miscounted(url: str) -> int:
    """Score buckets that differ from the visible members holding that score, both ways (ranks
    outside the top 10 come from these buckets)."""
    buckets = "SELECT challenge_id, score, members FROM challenge_scores WHERE members <> 0"
    members = (
        "SELECT challenge_id, score, count(*) FROM challenge_members"
        " WHERE hidden = false GROUP BY challenge_id, score"
    )
    return await count_rows(
        url,
        f"SELECT (SELECT count(*) FROM ({buckets} EXCEPT {members}) AS extra)"
        f" + (SELECT count(*) FROM ({members} EXCEPT {buckets}) AS missing)",
    )


async def until_waiting_for_locks(url: str, statements: int = 1) -> None:
    """PostgreSQL: until that many statements of the test database wait for a lock."""
    sql = (
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    for _ in range(250):
        if await count_rows(url, sql) >= statements:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"fewer than {statements} statements wait for a lock")
