"""The real discord.py client against the fake Discord: what users see for each feature."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.storage.schema import full_metadata
from bot.types import ChatRef, Incoming, Platform, UserRef
from handlers.discord.bridge import APOLOGY
from handlers.discord.runner import DiscordRunner
from tests.discord.conftest import FAST
from tests.discord.fake_discord import FakeDiscord, FakeInteraction, Person, Sent

NO_PINGS: dict[str, list[str]] = {"parse": []}
QUICK_ACK = replace(FAST, ack_deadline=0.1)


def _no_pings(messages: list[Sent]) -> None:
    for message in messages:
        assert message.payload.get("allowed_mentions") == NO_PINGS, message.payload


async def test_faq_answers_and_autocompletes(
    runner: DiscordRunner, fake: FakeDiscord, member: Person
) -> None:
    answer = await (await fake.slash(member, "faq", question="what are hip dips?")).wait(1)
    assert "hip" in answer[0].text.lower()
    assert answer[0].kind == "callback" and answer[0].callback_type == 4
    suggest = await fake.slash(member, "faq", question="hip", focused="question")
    choices = await suggest.wait_choices()
    assert choices, "autocomplete offered no FAQ questions"
    assert all(len(choice["name"]) <= 100 for choice in choices)


async def test_profile_then_program_in_a_dm(
    runner: DiscordRunner, fake: FakeDiscord, member: Person
) -> None:
    options: dict[str, Any] = {"goal": "soften", "equipment": "bands", "level": "beginner"}
    options["days"] = 3
    sent = await (await fake.slash(member, "profile", dm=True, **options)).wait(2)
    assert any("Days per week: 3" in m.text and "Equipment: bands" in m.text for m in sent)
    program = await fake.slash(member, "program", dm=True)
    sent = await program.wait(1)
    assert program.deferred  # slow: acknowledged within Discord's 3 s, answered after
    assert sent[0].kind == "followup" and "week" in sent[0].text.lower()
    _no_pings(sent)


async def test_profile_then_program_are_ephemeral_in_a_server(
    runner: DiscordRunner, fake: FakeDiscord, member: Person
) -> None:
    options: dict[str, Any] = {"goal": "soften", "equipment": "none", "level": "beginner"}
    sent = await (await fake.slash(member, "profile", days=3, **options)).wait(2)
    assert all(m.ephemeral for m in sent) and any("Goal: soften" in m.text for m in sent)
    program = await fake.slash(member, "program")
    sent = await program.wait(1)
    assert program.deferred and program.ephemeral_defer
    assert sent[0].kind == "followup" and "week" in sent[0].text.lower()


async def test_guided_profile_buttons_in_a_dm(
    runner: DiscordRunner, fake: FakeDiscord, member: Person
) -> None:
    question = (await (await fake.slash(member, "profile", dm=True)).wait(1))[0]
    assert question.custom_ids == [
        "profile:goal:soften", "profile:goal:emphasize", "profile:goal:strength",
    ]  # fmt: skip
    pressed = await (await fake.press(member, question, "profile:goal:strength")).wait(1)
    assert "train with" in pressed[0].text
    assert "profile:equipment:bands" in pressed[0].custom_ids


@asynccontextmanager
async def writes_held(app: App) -> AsyncIterator[None]:
    """Another writer holds the whole database: the bot's writes wait until the block ends."""
    async with app.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            await connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            tables = ", ".join(full_metadata().tables)
            await connection.execute(text(f"LOCK TABLE {tables} IN EXCLUSIVE MODE"))
        try:
            yield
        finally:
            await connection.rollback()


async def _acknowledged(interaction: FakeInteraction) -> None:
    while not interaction.deferred:
        interaction.changed.clear()
        await interaction.changed.wait()


@pytest.mark.parametrize("discord_options", [QUICK_ACK])
async def test_a_slow_answer_is_acknowledged_first_then_delivered(
    runner: DiscordRunner, discord_app: App, fake: FakeDiscord, member: Person
) -> None:
    async def answered_late(sent: Awaitable[FakeInteraction]) -> tuple[FakeInteraction, Sent]:
        # The writes are held before the interaction is sent: the bot cannot finish first.
        async with writes_held(discord_app):
            interaction = await sent
            await asyncio.wait_for(_acknowledged(interaction), 10)  # the write still waits
            assert interaction.sent == []
        return interaction, (await interaction.wait(1))[0]

    question = (await (await fake.slash(member, "profile", dm=True)).wait(1))[0]
    pressed, answer = await answered_late(fake.press(member, question, "profile:goal:strength"))
    # A new message under the question, which stays.
    assert answer.kind == "followup" and "profile:equipment:bands" in answer.custom_ids
    assert not pressed.deleted_original

    _, logged = await answered_late(fake.slash(member, "log", sessions=2, dm=True))
    assert logged.kind == "followup" and "Logged 2 sessions" in logged.text

    ask = (await (await fake.slash(member, "forget")).wait(1))[0]
    confirmed, done = await answered_late(fake.press(member, ask, "forget:confirm"))
    # The question itself now says it is done.
    assert done.kind == "edit" and "deleted" in done.text and not confirmed.ephemeral_defer


async def test_checkin_dm_arrives_when_due_and_buttons_answer_it(
    runner: DiscordRunner, discord_app: App, fake: FakeDiscord, member: Person, clock: ManualClock
) -> None:
    on = await fake.slash(member, "checkins", sub="on", dm=True, days="mon,wed", time="09:30")
    assert "09:30" in (await on.wait(1))[0].text
    clock.advance(timedelta(minutes=31))
    for job in discord_app.periodic_jobs:
        if "checkin" in job.name:
            await job.run()
    dms = [post for post in fake.channel_posts if post.channel_id == fake.dm_channel_id(member)]
    assert len(dms) == 1 and any(cid.startswith("ci:") for cid in dms[0].custom_ids)
    _no_pings(dms)
    done = next(cid for cid in dms[0].custom_ids if cid.endswith(":done"))
    answer = await (await fake.press(member, dms[0], done)).wait(1)
    assert answer[0].callback_type in (4, 7) and answer[0].text


async def test_quick_presses_of_one_user_are_answered_in_order(
    runner: DiscordRunner, discord_app: App, fake: FakeDiscord, member: Person,
    moderator: Person, clock: ManualClock,
) -> None:  # fmt: skip
    window: dict[str, Any] = {"metric": "sessions", "start": "2026-03-02", "end": "2026-03-31"}
    await (await fake.slash(moderator, "challenge-admin", sub="create", name="M", **window)).wait()
    await (await fake.slash(member, "challenge", sub="join", name="M")).wait()
    await (await fake.slash(member, "checkins", sub="on", dm=True, days="mon", time="09:30")).wait()
    clock.advance(timedelta(minutes=31))
    for job in discord_app.periodic_jobs:
        if "checkin" in job.name:
            await job.run()
    (dm,) = [post for post in fake.channel_posts if post.channel_id == fake.dm_channel_id(member)]
    done, skipped = (
        next(c for c in dm.custom_ids if c.endswith(end)) for end in (":done", ":skipped")
    )
    async with writes_held(discord_app):  # both presses arrive while the first still waits
        first = await fake.press(member, dm, done)
        second = await fake.press(member, dm, skipped)
    await first.wait()
    await second.wait()
    board = (await (await fake.slash(member, "leaderboard", challenge="M")).wait())[0]
    assert "Alice — 0" in board.text  # Skipped, the last answer, took the session back


async def test_challenge_created_refused_joined_logged_and_ranked(
    runner: DiscordRunner, fake: FakeDiscord, member: Person, moderator: Person
) -> None:
    window: dict[str, Any] = {"metric": "sessions", "start": "2026-03-02", "end": "2026-03-31"}
    refused = await fake.slash(member, "challenge-admin", sub="create", name="March", **window)
    sent = await refused.wait(1)
    assert sent[0].ephemeral and sent[0].text == (
        "Only moderators can create challenges: you need Manage Server or the moderator role."
    )
    created = await fake.slash(
        moderator, "challenge-admin", sub="create", name="March Dips", **window
    )
    sent = await created.wait(1)
    assert "March Dips" in sent[0].text and not sent[0].ephemeral  # public in the channel
    names = await fake.slash(member, "challenge", sub="join", name="Mar", focused="name")
    assert [choice["value"] for choice in await names.wait_choices()] == ["March Dips"]
    joined = await (await fake.slash(member, "challenge", sub="join", name="March Dips")).wait(1)
    assert "March Dips" in joined[0].text
    logged = await (await fake.slash(member, "log", sessions=2)).wait(1)
    assert "Logged 2 sessions" in logged[0].text
    board = await fake.slash(member, "leaderboard", challenge="March Dips")
    sent = await board.wait(1)
    assert board.deferred and not board.ephemeral_defer
    assert "Leaderboard" in sent[0].text and "Alice" in sent[0].text and not sent[0].ephemeral
    refused = await (
        await fake.slash(member, "challenge-admin", sub="post", name="March Dips")
    ).wait(1)
    assert refused[0].ephemeral and "moderator" in refused[0].text.lower()
    assert fake.channel_posts == []
    posted = await fake.slash(moderator, "challenge-admin", sub="post", name="March Dips")
    sent = await posted.wait(1)
    assert posted.ephemeral_defer and sent[0].text == "Posted the standings of March Dips."
    (post,) = fake.channel_posts  # the board itself, in the channel the challenge posts to
    assert post.channel_id == str(fake.channel_id) and "🥇  1. Alice — 2" in post.text


async def test_injected_everyone_never_pings(
    runner: DiscordRunner, fake: FakeDiscord, moderator: Person
) -> None:
    window: dict[str, Any] = {"metric": "sessions", "start": "2026-03-02", "end": "2026-03-31"}
    created = await fake.slash(
        moderator, "challenge-admin", sub="create", name="@everyone party", **window
    )
    sent = await created.wait(1)
    assert "@everyone" in sent[0].text
    _no_pings(sent)


async def test_link_mydata_forget(
    runner: DiscordRunner, discord_app: App, fake: FakeDiscord, member: Person
) -> None:
    link = await (await fake.slash(member, "link", dm=True)).wait(1)
    assert link[0].ephemeral or link[0].kind == "callback"
    code = link[0].text.split("Your link code: ", 1)[1].split()[0]
    telegram = Incoming(
        UserRef(Platform.TELEGRAM, "555", "alice"),
        ChatRef(Platform.TELEGRAM, "555"),
        text=f"/link {code}",
    )
    linked = await discord_app.router.handle(telegram)
    assert "Linked" in linked[0].text
    export = await fake.slash(member, "mydata")
    sent = await export.wait(1)
    assert export.deferred and export.ephemeral_defer
    files = {name: data for message in sent for name, data in message.files.items()}
    (data,) = files.values()
    assert "555" in json.dumps(json.loads(data))  # both linked accounts are in the export
    ask = (await (await fake.slash(member, "forget")).wait(1))[0]
    assert ask.ephemeral and "forget:confirm" in ask.custom_ids
    done = await (await fake.press(member, ask, "forget:confirm")).wait(1)
    assert "deleted" in done[0].text


async def test_unexpected_failure_gets_a_short_apology(
    runner: DiscordRunner, discord_app: App, fake: FakeDiscord, member: Person
) -> None:
    async with discord_app.engine.begin() as connection:
        await connection.execute(text("ALTER TABLE platform_accounts RENAME TO accounts_gone"))
    sent = await (await fake.slash(member, "profile", dm=True, goal="soften")).wait(1)
    assert sent[0].text == APOLOGY and sent[0].ephemeral
    async with discord_app.engine.begin() as connection:
        await connection.execute(text("ALTER TABLE accounts_gone RENAME TO platform_accounts"))
