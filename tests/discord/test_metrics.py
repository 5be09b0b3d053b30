"""What an operator reads at /metrics about Discord: interactions in, answers out."""

from __future__ import annotations

import asyncio

from prometheus_client.parser import text_string_to_metric_families

from bot.bootstrap import App
from handlers.discord.runner import DiscordRunner
from tests.discord.fake_discord import FakeDiscord, Person


def _sample(app: App, name: str, **labels: str) -> float:
    for family in text_string_to_metric_families(app.metrics.render().decode()):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return sample.value
    return 0.0


async def test_interactions_and_the_answers_to_them_are_counted(
    runner: DiscordRunner, discord_app: App, fake: FakeDiscord, member: Person
) -> None:
    first = await (await fake.slash(member, "faq", dm=True, question="what are hip dips")).wait(2)
    second = await (await fake.slash(member, "help", dm=True)).wait(1)
    await asyncio.sleep(0.3)  # time enough for a message counted twice to show
    received = _sample(discord_app, "hipcoach_updates_received_total", platform="discord")
    sent = _sample(discord_app, "hipcoach_replies_sent_total", platform="discord", purpose="reply")
    assert received == 2
    assert sent == len(first) + len(second) == 3  # answer, disclaimer, help
    bulk = _sample(discord_app, "hipcoach_replies_sent_total", platform="discord", purpose="bulk")
    assert bulk == 0  # answers are not the core's own sends
