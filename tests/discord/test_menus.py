"""Discord's menus in the member's language: the synced commands carry Spanish and Brazilian
Portuguese names, descriptions and choice labels from the catalogues; values stay English."""

from __future__ import annotations

from typing import Any

from babel.support import NullTranslations
from discord import Locale
from discord.app_commands import TranslationContext, TranslationContextLocation, locale_str

from bot.bootstrap import App
from bot.commands.menus import CHOICE_LABELS
from bot.i18n import Catalog, Language
from handlers.discord.menus import CatalogueTranslator, localised
from handlers.discord.runner import DiscordRunner
from tests.discord.fake_commands import name_errors
from tests.discord.fake_discord import FakeDiscord, Person

LUCIA = Person(3001, "lucia", locale="es-ES")
NAME_LOCALES = ("es-ES", "es-419", "pt-BR")


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
    assert all("en-US" not in command["name_localizations"] for command in commands.values())


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


def _unnamed(entries: list[dict[str, Any]], where: str = "") -> list[str]:
    """Commands and options (at any depth) without a Spanish or Portuguese name."""
    missing: list[str] = []
    for entry in entries:
        path = f"{where}/{entry['name']}"
        names = entry.get("name_localizations") or {}
        missing += [f"{path} in {locale}" for locale in NAME_LOCALES if locale not in names]
        missing += _unnamed(entry.get("options") or [], path)
    return missing


async def test_every_command_and_option_has_a_spanish_and_portuguese_name(
    runner: DiscordRunner, fake: FakeDiscord
) -> None:
    synced = fake.command_puts[-1][1]
    assert not _unnamed(synced)
    assert not name_errors(synced)  # the fake refuses a set that breaks Discord's rules, too
    commands = _synced(fake)
    profile = commands["profile"]
    assert profile["name_localizations"] == {
        "es-ES": "perfil",
        "es-419": "perfil",
        "pt-BR": "perfil",
    }
    assert commands["program"]["name_localizations"]["es-419"] == "programa"
    assert commands["progress"]["name_localizations"]["es-ES"] == "progreso"
    assert commands["progress"]["name_localizations"]["pt-BR"] == "progresso"
    assert _option(profile, "goal")["name_localizations"]["es-ES"] == "objetivo"
    admin = commands["challenge-admin"]
    # The same English word, two meanings: ending a challenge, and its end date.
    assert _option(admin, "end")["name_localizations"]["es-ES"] == "terminar"
    assert _option(admin, "create", "end")["name_localizations"]["es-ES"] == "fin"
    # An option named like a choice gets its name, not the choice's capitalised label.
    assert _option(commands["log"], "sessions")["name_localizations"]["pt-BR"] == "sessões"


async def test_a_translation_breaking_discords_rules_falls_back_to_english(
    discord_app: App,
) -> None:
    translator = CatalogueTranslator(discord_app.services.catalog)
    context = TranslationContext(TranslationContextLocation.command_name, None)
    named = await translator.translate(locale_str("profile"), Locale.spain_spanish, context)
    assert named == "perfil"
    unknown = await translator.translate(locale_str("nonsense"), Locale.spain_spanish, context)
    assert unknown is None
    assert await translator.translate(locale_str("profile"), Locale.french, context) is None

    class Spaced(NullTranslations):
        def pgettext(self, context: str, message: str) -> str:
            return "mi perfil"  # a space: Discord would refuse the whole command set

    spaced = CatalogueTranslator(Catalog({Language.ES: Spaced()}))
    assert await spaced.translate(locale_str("profile"), Locale.spain_spanish, context) is None


def test_the_fake_refuses_what_discord_refuses() -> None:
    good = {"name": "profile", "name_localizations": {"es-ES": "perfil"}}
    assert name_errors([good]) == []
    capital = {
        "name": "log",
        "options": [{"name": "sessions", "name_localizations": {"pt-BR": "Sessões"}}],
    }
    assert name_errors([capital]) == ["/log/sessions in pt-BR: 'Sessões'"]
    twice = [good, {"name": "perfil"}]
    assert name_errors(twice) == ["/ in es-ES: names repeat: ['perfil', 'perfil']"]
    assert name_errors([{"name": "mis datos"}]) == ["/mis datos in default: 'mis datos'"]
