"""Telegram's command menus are generated from the command declarations."""

from __future__ import annotations

from tests.telegram.conftest import Harness


async def test_each_menu_is_the_declared_commands_of_its_scope(telegram: Harness) -> None:
    menus = {
        call.json("scope")["type"]: [
            (entry["command"], entry["description"]) for entry in call.json("commands")
        ]
        for call in telegram.fake.calls_to("setMyCommands")
    }
    catalogue = telegram.app.router.registry.catalogue()
    private = [(c.name, c.summary) for c in catalogue if c.in_private]
    group = [(c.name, c.summary) for c in catalogue if c.in_groups]
    assert menus == {"all_private_chats": private, "all_group_chats": group}
    names = {name for name, _ in private + group}
    assert {"start", "profile", "checkins", "challenge", "leaderboard", "log"} <= names
