"""Creating and ending challenges: who may, and what input is accepted (SQLite and PostgreSQL)."""

from __future__ import annotations

from bot.bootstrap import App
from bot.types import Platform

from .helpers import in_group, mod, say

CREATE = 'challenge create "Lateral March" sessions 2026-03-02 2026-03-29'


async def test_members_are_refused_and_nothing_is_created(app: App) -> None:
    answer = await say(app, in_group(CREATE))
    assert "Only moderators" in answer
    assert "No challenges here yet" in await say(app, in_group("challenge list"))
    assert "Only moderators" in await say(app, in_group('challenge end "Lateral March"'))


async def test_moderator_creates_and_ends(app: App) -> None:
    created = await mod(app, CREATE)
    assert "Lateral March is on" in created and "2026-03-29" in created
    listing = await say(app, in_group("challenge list"))
    assert "Lateral March — sessions, 2026-03-02 to 2026-03-29, 28 days left, 0 members" in listing
    await say(app, in_group('challenge join "Lateral March"'))
    listing = await say(app, in_group("challenge list"))
    assert listing.endswith("28 days left, 1 member")
    assert "is over" in await mod(app, 'challenge end "lateral march"')
    assert "already ended" in await mod(app, 'challenge end "Lateral March"')
    assert "already ended" in await say(app, in_group('challenge join "Lateral March"'))


async def test_telegram_admins_and_the_configured_role(app: App) -> None:
    telegram = in_group(CREATE, "7", "Tina", group="-100200", platform=Platform.TELEGRAM)
    assert "Only moderators" in await say(app, telegram)
    admin = in_group(
        CREATE, "8", "Ada", group="-100200", platform=Platform.TELEGRAM, moderator=True
    )
    assert "is on" in await say(app, admin)

    helper = in_group(CREATE, "12", "Hal", roles=("777",))
    assert "Only moderators" in await say(app, helper)
    # a role holder cannot hand out moderation; a server manager can
    assert "Only moderators" in await say(
        app, in_group("challenge settings modrole 777", "12", roles=("777",))
    )
    assert "Moderator role set to 777" in await mod(app, "challenge settings modrole 777")
    assert "is on" in await say(app, helper)
    assert "Moderator role: 777" in await say(app, in_group("challenge settings"))
    assert (
        await say(app, in_group("challenge settings modrole none", "12", roles=("777",)))
        == "Only group managers can change the moderator role."
    )


async def test_bad_input_is_explained_and_changes_nothing(app: App) -> None:
    cases = {
        'challenge create "Old" sessions 2026-03-01 2026-03-29': "can't be in the past",
        'challenge create "Back" sessions 2026-03-10 2026-03-09': "must come after the start",
        'challenge create "Same" sessions 2026-03-10 2026-03-10': "must come after the start",
        'challenge create "Bad" sessions 2026-13-01 2026-03-29': "is not a date",
        'challenge create "Pts" points 2026-03-02 2026-03-29': "sessions, streak or reps",
        'challenge create "Moon" reps:moonwalk 2026-03-02 2026-03-29': "Exercise ids",
        f'challenge create "{"x" * 61}" sessions 2026-03-02 2026-03-29': "1-60 printable",
        'challenge create "Unclosed sessions 2026-03-02 2026-03-29': "Check the quotes",
        "challenge create Short sessions 2026-03-02": "Use /challenge create",
        'challenge create "Chan" sessions 2026-03-02 2026-03-29 channel=general': "numeric id",
        "challenge settings timezone Mars/Olympus": "don't know the timezone",
    }
    for text, expected in cases.items():
        assert expected in await mod(app, text), text
    assert "No challenges here yet" in await say(app, in_group("challenge list"))
    assert "Timezone: UTC\nModerator role: none" in await say(app, in_group("challenge settings"))


async def test_names_are_unique_per_group_ignoring_case(app: App) -> None:
    assert "is on" in await mod(app, CREATE)
    again = 'challenge create "LATERAL march" streak 2026-03-05 2026-03-20'
    assert "already has a challenge" in await mod(app, again)
    assert "is on" in await mod(app, again, group="2002")  # another server may reuse it


async def test_group_timezone_sets_the_dates(app: App) -> None:
    # 09:00 UTC on Mar 2 is already Mar 2 in Tokyo; Honolulu is still on Mar 1 (so Mar 1 is ok)
    assert "Timezone set to Pacific/Honolulu" in await mod(
        app, "challenge settings timezone Pacific/Honolulu"
    )
    created = await mod(app, 'challenge create "Aloha" sessions 2026-03-01 2026-03-08')
    assert "(Pacific/Honolulu)" in created


async def test_challenge_commands_only_in_groups(app: App) -> None:
    from .helpers import in_private

    assert "works in a server or group" in await say(app, in_private("challenge list"))
    assert "works in a server or group" in await say(app, in_private("leaderboard"))


async def test_telegram_group_cannot_point_standings_at_another_chat(app: App) -> None:
    text = 'challenge create "Leak" sessions 2026-03-02 2026-03-29 channel=-100999'
    refused = await mod(app, text, platform=Platform.TELEGRAM)
    assert "posted in this group" in refused
    listing = in_group("challenge list", platform=Platform.TELEGRAM)
    assert "No challenges here yet" in await say(app, listing)
