"""Discord's menus in the member's language: the synced commands carry Spanish and Brazilian
Portuguese descriptions and choice labels from the catalogues; names and values stay English."""

from __future__ import annotations

from typing import Any

from discord import Locale
from discord.app_commands import TranslationContext, TranslationContextLocation

from bot.bootstrap import App
from bot.commands.menus import CHOICE_LABELS
from handlers.discord.menus import CatalogueTranslator, localised
from handlers.discord.runner import DiscordRunner
from tests.discord.fake_discord import FakeDiscord, Person

LUCIA = Person(3001, "lucia", locale="es-ES")


def _synced(fake: FakeDiscord) -> dict[str, dict[str, Any]]:
    return {str(command["name"]): command for command in fake.command_puts[-1][1]}


def _option(command: dict[str, Any], *path: str) -> dict[str, Any]:
    for name in path:
        command = next(o for o in command["options"] if o["name"] == name)
    return command


async def test_descriptions_are_synced_in_spanish_and_portuguese(
    runner: DiscordRunner, fake: FakeDiscord
) -> None:
    commands = _synced(fake)
    help_texts = commands["help"]["description_localizations"]
    assert help_texts["es-ES"] == help_texts["es-419"] == "Qué hago y cuáles son mis comandos"
    assert help_texts["pt-BR"].startswith("O que eu faço")
    assert "en-US" not in help_texts and "fr" not in help_texts  # English is the default
    profile = commands["profile"]
    assert profile["description_localizations"]["es-ES"].startswith("Tu objetivo, material")
    # Names stay English: help, usage lines and the other platforms all use them.
    assert all(not command.get("name_localizations") for command in commands.values())


async def test_choice_labels_are_translated_and_values_unchanged(
    runner: DiscordRunner, fake: FakeDiscord
) -> None:
    commands = _synced(fake)
    goals = _option(commands["profile"], "goal")["choices"]
    assert [choice["value"] for choice in goals] == ["soften", "emphasize", "strength"]
    assert goals[0]["name"] == "soften"
    assert goals[0]["name_localizations"]["es-ES"] == "rellenar (soften)"
    assert goals[0]["name_localizations"]["pt-BR"] == "preencher (soften)"
    languages = _option(commands["profile"], "language")["choices"]
    assert languages[2]["value"] == "pt-BR"
    assert languages[2]["name_localizations"]["es-419"] == "portugués de Brasil (pt-BR)"
    posts = _option(commands["challenge-admin"], "settings", "language")
    assert [choice["value"] for choice in posts["choices"]] == ["en", "es", "pt-BR"]
    assert posts["description_localizations"]["es-ES"].startswith("El idioma de las clasif")
    metric = _option(commands["challenge-admin"], "create", "metric")["choices"]
    assert metric[0]["name_localizations"]["pt-BR"] == "sessões"


async def test_a_moderators_entry_is_marked_in_the_members_language(discord_app: App) -> None:
    translator = CatalogueTranslator(discord_app.services.catalog)
    entry = localised("what I do and my commands", moderators=True)
    assert str(entry) == "What I do and my commands (moderators)"
    context = TranslationContext(TranslationContextLocation.group_description, None)
    spanish = await translator.translate(entry, Locale.latin_american_spanish, context)
    assert spanish == "Qué hago y cuáles son mis comandos (moderación)"
    portuguese = await translator.translate(entry, Locale.brazil_portuguese, context)
    assert portuguese is not None and portuguese.endswith("(moderação)")
    assert await translator.translate(entry, Locale.british_english, context) is None
    untranslated = localised("a summary nobody translated")
    assert await translator.translate(untranslated, Locale.spain_spanish, context) is None


async def test_every_declared_choice_has_a_label_to_translate(discord_app: App) -> None:
    declared = {
        choice
        for command in discord_app.router.registry.catalogue()
        for form in command.forms
        for param in form.params
        for choice in param.choices
    }
    assert declared and declared <= set(CHOICE_LABELS)


async def test_a_spanish_member_picking_a_translated_choice_sends_its_value(
    runner: DiscordRunner, fake: FakeDiscord
) -> None:
    saved = await (await fake.slash(LUCIA, "profile", dm=True, goal="soften")).wait(1)
    assert "soften" in saved[0].text or "rellenar" in saved[0].text
