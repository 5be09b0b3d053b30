"""Slash commands with several options: one core call, applied all or nothing."""

from __future__ import annotations

from typing import Any

from bot.athletes.rules import TrainingProfile
from bot.bootstrap import App
from bot.types import Platform, UserRef
from handlers.discord.runner import DiscordRunner
from tests.discord.fake_discord import FakeDiscord, Person


async def _profile(app: App, person: Person) -> TrainingProfile:
    user = UserRef(Platform.DISCORD, str(person.id), person.name)
    return await app.services.athletes.profile(await app.services.athletes.identify(user))


async def test_one_bad_option_changes_nothing_and_is_named(
    runner: DiscordRunner, discord_app: App, fake: FakeDiscord, member: Person
) -> None:
    first = {"goal": "strength", "equipment": "gym", "level": "advanced", "days": 4}
    await (await fake.slash(member, "profile", dm=True, **first)).wait(2)
    before = await _profile(discord_app, member)

    options: dict[str, Any] = {"goal": "soften", "equipment": "bands", "days": 3}
    bad_zone = await fake.slash(member, "profile", dm=True, timezone="Mars/Olympus", **options)
    refused = await bad_zone.wait(1)
    assert len(refused) == 1 and "timezone" in refused[0].text and "Mars/Olympus" in refused[0].text
    bad_days = await fake.slash(member, "profile", dm=True, days=7, goal="soften", avoid="knee")
    refused = await bad_days.wait(1)
    assert len(refused) == 1 and refused[0].text.startswith("days must be 2, 3 or 4")
    bad_avoid = await fake.slash(member, "profile", dm=True, goal="soften", avoid="elbow")
    assert "avoid" in (await bad_avoid.wait(1))[0].text

    assert await _profile(discord_app, member) == before  # not one field of those was kept


async def test_several_options_are_saved_together_in_one_answer(
    runner: DiscordRunner, discord_app: App, fake: FakeDiscord, member: Person
) -> None:
    options: dict[str, Any] = {"goal": "emphasize", "equipment": "dumbbells", "days": 2}
    options |= {"level": "intermediate", "avoid": "knee, back", "timezone": "Europe/Berlin"}
    sent = await (await fake.slash(member, "profile", dm=True, **options)).wait(2)
    assert len(sent) == 2  # the saved profile, then the one-time disclaimer
    assert "\nSaved.\n" in sent[0].text and "Timezone: Europe/Berlin" in sent[0].text
    profile = await _profile(discord_app, member)
    assert (profile.goal, profile.equipment, profile.level) == (
        "emphasize",
        "dumbbells",
        "intermediate",
    )
    assert (profile.days_per_week, profile.avoid) == (2, frozenset({"knee", "back"}))
    assert profile.timezone == "Europe/Berlin"


async def test_challenge_settings_with_a_bad_timezone_keep_the_moderator_role(
    runner: DiscordRunner, fake: FakeDiscord, moderator: Person
) -> None:
    shown = await (await fake.slash(moderator, "challenge-admin", sub="settings")).wait(1)
    assert "Moderator role: none" in shown[0].text
    refused = await fake.slash(
        moderator, "challenge-admin", sub="settings", timezone="Nowhere/Land", no_modrole=True
    )
    assert "don't know the timezone" in (await refused.wait(1))[0].text
    both = await fake.slash(
        moderator, "challenge-admin", sub="settings", timezone="Europe/Lisbon", no_modrole=True
    )
    answer = (await both.wait(1))[0].text
    assert "Moderator role removed." in answer and "Timezone set to Europe/Lisbon" in answer
