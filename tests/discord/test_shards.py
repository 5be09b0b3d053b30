"""Discord shards: the real AutoShardedClient against a fake gateway that shards like Discord.

Two servers live on different shards of two. One process with automatic sharding runs
both; two processes with DISCORD_SHARD_IDS=0 and =1 split them: each answers its own
server's commands, DMs arrive on shard 0, and the shard-1 process still sends DMs (REST).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import replace

import pytest

from bot.bootstrap import App, bootstrap
from bot.clock import ManualClock
from bot.errors import ConfigError
from bot.settings import load_settings
from bot.types import Incoming, Platform, Reply
from handlers.discord.runner import DiscordRunner, build_discord_runner
from tests.discord.conftest import FAST, discord_settings
from tests.discord.fake_discord import FakeDiscord, Person

SHARDED = replace(FAST, identify_interval=0.05)


@pytest.fixture
async def sharded_fake() -> AsyncIterator[FakeDiscord]:
    """A fake Discord recommending two shards, with one server on each."""
    server = await FakeDiscord(shard_count=2).start()
    try:
        yield server
    finally:
        await server.close()
    assert server.global_limit.refused == []


@asynccontextmanager
async def process(
    url: str, fake: FakeDiscord, clock: ManualClock, **shards: object
) -> AsyncIterator[tuple[App, DiscordRunner, list[str]]]:
    """One bot process: its own app and client; records the platform users it served."""
    app = await bootstrap(discord_settings(url, fake, **shards), clock=clock)
    served: list[str] = []
    handle = app.router.handle

    async def observed(incoming: Incoming) -> list[Reply]:
        served.append(incoming.chat.title if incoming.chat.is_group else "dm")
        return await handle(incoming)

    app.router.handle = observed  # type: ignore[method-assign]
    runner = build_discord_runner(app, SHARDED)
    app.senders[Platform.DISCORD] = runner.sender
    try:
        await runner.start()
        yield app, runner, served
    finally:
        await runner.stop()
        await app.aclose()


async def _help_answered(fake: FakeDiscord, person: Person, **where: object) -> None:
    sent = await (await fake.slash(person, "help", **where)).wait(1)  # type: ignore[arg-type]
    assert "faq" in sent[0].text.lower()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_automatic_sharding_runs_every_recommended_shard_in_one_process(
    migrated_url: str, sharded_fake: FakeDiscord, clock: ManualClock, member: Person
) -> None:
    fake = sharded_fake
    async with process(migrated_url, fake, clock) as (_, runner, served):
        assert runner.client.shard_count == 2 and sorted(fake.shards) == [0, 1]
        assert fake.shard_of(fake.guild_id) != fake.shard_of(fake.other_guild_id)
        assert {guild.id for guild in runner.client.guilds} == set(fake.guild_ids)
        await _help_answered(fake, member, guild=fake.guild_id)
        await _help_answered(fake, member, guild=fake.other_guild_id)
        await _help_answered(fake, member, dm=True)
    assert served == ["Hip Club", "Glute Crew", "dm"]


@pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
async def test_two_processes_split_the_shards_and_dms_work_from_either(
    migrated_url: str, sharded_fake: FakeDiscord, clock: ManualClock, member: Person
) -> None:
    fake = sharded_fake
    async with AsyncExitStack() as stack:
        first = await stack.enter_async_context(
            process(migrated_url, fake, clock, discord_shard_count=2, discord_shard_ids="0")
        )
        second = await stack.enter_async_context(
            process(migrated_url, fake, clock, discord_shard_count=2, discord_shard_ids="1")
        )
        (_, zero, on_zero), (_, one, on_one) = first, second
        assert [guild.id for guild in zero.client.guilds] == [fake.guild_id]
        assert [guild.id for guild in one.client.guilds] == [fake.other_guild_id]
        await _help_answered(fake, member, guild=fake.guild_id)
        await _help_answered(fake, member, guild=fake.other_guild_id)
        await _help_answered(fake, member, dm=True)  # DMs arrive on shard 0
        assert on_zero == ["Hip Club", "dm"]
        assert on_one == ["Glute Crew"]
        # A check-in from the process without shard 0 still reaches the member's DMs.
        await one.sender.send_dm(str(member.id), Reply(text="Wednesday's lateral day is due"))
    (dm,) = fake.channel_posts
    assert dm.channel_id == fake.dm_channel_id(member) and "lateral day" in dm.content


@pytest.mark.parametrize(
    ("count", "ids", "says"),
    [
        (None, "0", "DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT"),
        ("2", "0,2", "below DISCORD_SHARD_COUNT (2)"),
        ("2", "1,1", "lists a shard twice"),
        ("2", "one", "Invalid setting DISCORD_SHARD_IDS"),
        ("0", "", "Invalid setting DISCORD_SHARD_COUNT"),
    ],
)
def test_impossible_shard_settings_are_refused_in_one_line(
    count: str | None, ids: str, says: str
) -> None:
    with pytest.raises(ConfigError) as refused:
        load_settings(_env_file=None, discord_shard_count=count, discord_shard_ids=ids)
    assert says in str(refused.value) and "\n" not in str(refused.value)
