"""Telegram's command menus are generated from the command declarations, one per scope and
per language (the default English one, and es / pt from the catalogues)."""

from __future__ import annotations

from typing import Any

from tests.telegram.conftest import Harness


def _menus(telegram: Harness) -> dict[tuple[str, str | None], list[tuple[str, str]]]:
    calls = telegram.fake.calls_to("setMyCommands")
    return {
        (call.json("scope")["type"], call.params.get("language_code")): [
            (entry["command"], entry["description"]) for entry in call.json("commands")
        ]
        for call in calls
    }


async def test_each_menu_is_the_declared_commands_of_its_scope(telegram: Harness) -> None:
    menus = _menus(telegram)
    catalogue = telegram.app.router.registry.catalogue()
    private = [(c.name, c.summary) for c in catalogue if c.in_private]
    group = [(c.name, c.summary) for c in catalogue if c.in_groups]
    assert menus[("all_private_chats", None)] == private
    assert menus[("all_group_chats", None)] == group
    names = {name for name, _ in private + group}
    assert {"start", "profile", "checkins", "challenge", "leaderboard", "log"} <= names


async def test_spanish_and_portuguese_menus_have_the_same_commands_translated(
    telegram: Harness,
) -> None:
    menus = _menus(telegram)
    assert set(menus) == {
        (scope, language)
        for scope in ("all_private_chats", "all_group_chats")
        for language in (None, "es", "pt")
    }
    for (scope, _language), entries in menus.items():
        assert [name for name, _ in entries] == [name for name, _ in menus[(scope, None)]]
    spanish: dict[str, Any] = dict(menus[("all_private_chats", "es")])
    portuguese: dict[str, Any] = dict(menus[("all_private_chats", "pt")])
    assert spanish["help"] == "qué hago y cuáles son mis comandos"
    assert spanish["stop"] == "que deje de escribirte"
    assert portuguese["help"].startswith("o que eu faço")
    assert dict(menus[("all_private_chats", None)])["help"] == "what I do and my commands"
