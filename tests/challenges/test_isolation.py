"""A challenge, its logs and its board are visible only in the group that owns it."""

from __future__ import annotations

from bot.bootstrap import App
from bot.types import Incoming, Platform

from .helpers import in_group, mod, say

CREATE = 'challenge create "{name}" sessions 2026-03-02 2026-03-29'


async def test_two_groups_never_see_each_other(app: App) -> None:
    assert "is on" in await mod(app, CREATE.format(name="Glute Month"), group="1001")
    tg_admin = in_group(CREATE.format(name="Telegram Only"), "9", "Tom", group="-100555",
                        platform=Platform.TELEGRAM, moderator=True)  # fmt: skip
    assert "is on" in await say(app, tg_admin)
    assert "is on" in await mod(app, CREATE.format(name="Side Month"), group="2002")

    # the same athlete is in both Discord servers
    assert "joined" in await say(app, in_group('challenge join "Glute Month"', group="1001"))
    assert "no challenge called" in await say(
        app, in_group('challenge join "Glute Month"', group="2002")
    )
    assert "joined" in await say(app, in_group('challenge join "Side Month"', group="2002"))

    logged = await say(app, in_group("log sessions 2", group="1001"))
    assert "Glute Month (now 2)" in logged and "Side Month" not in logged

    listing_b = await say(app, in_group("challenge list", group="2002"))
    assert "Side Month" in listing_b and "Glute Month" not in listing_b
    assert "Telegram Only" not in listing_b
    board_b = await say(app, in_group("leaderboard", group="2002"))
    assert "Side Month" in board_b and "Alice — 0" in board_b
    assert "no challenge called" in await say(
        app, in_group('leaderboard "Glute Month"', group="2002")
    )
    assert "no challenge called" in await say(
        app, in_group('challenge end "Glute Month"', "99", "Mo", group="2002", moderator=True)
    )
    # a Telegram group with the same external id as a Discord server is still another group
    same_id = in_group("challenge list", "9", "Tom", group="1001", platform=Platform.TELEGRAM)
    assert "No challenges here yet" in await say(app, same_id)
    assert "🥇  1. Alice — 2" in await say(app, in_group("leaderboard", group="1001"))


def _tg(text: str, group: str) -> Incoming:
    """A Telegram group admin's command."""
    return in_group(text, "9", "Tom", group=group, platform=Platform.TELEGRAM, moderator=True)


async def test_a_group_with_a_new_id_keeps_its_challenges_and_never_takes_another(
    app: App,
) -> None:
    service = app.services.challenges
    assert "is on" in await say(app, _tg(CREATE.format(name="Move Me"), "-100"))
    await say(app, _tg("challenge settings timezone Europe/Madrid", "-100"))
    await say(app, _tg("challenge list", "-200"))  # someone spoke in the new chat first
    await service.group_moved(Platform.TELEGRAM, "-100", "-200")
    await service.group_moved(Platform.TELEGRAM, "-100", "-200")  # announced in both chats
    assert "Move Me" in await say(app, _tg("challenge list", "-200"))
    assert "Europe/Madrid" in await say(app, _tg("challenge settings", "-200"))
    assert "No challenges here yet" in await say(app, _tg("challenge list", "-100"))

    # a new id that already owns challenges is never merged into: both stay apart
    assert "is on" in await say(app, _tg(CREATE.format(name="Other"), "-300"))
    await service.group_moved(Platform.TELEGRAM, "-200", "-300")
    assert "Move Me" in await say(app, _tg("challenge list", "-200"))
    listing = await say(app, _tg("challenge list", "-300"))
    assert "Other" in listing and "Move Me" not in listing
    # and a Discord server with that id is another group altogether
    await service.group_moved(Platform.DISCORD, "-200", "1001")
    assert "Move Me" in await say(app, _tg("challenge list", "-200"))
