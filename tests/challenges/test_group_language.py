"""A group's own language for its posts, set by moderators (both backends)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.bootstrap import App, bootstrap
from bot.clock import ManualClock
from bot.settings import Settings
from bot.types import Platform

from .helpers import RecordingSender, in_group, mod, say

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def _sprint(app: App) -> None:
    await mod(app, 'challenge create "Sprint" sessions 2026-03-02 2026-03-15 channel=<#4242>')
    for user, who, sessions in (("1", "Ann", 3), ("2", "Bob", 2)):
        await say(app, in_group('challenge join "Sprint"', user, who))
        await say(app, in_group(f"log sessions {sessions}", user, who))


async def test_moderators_set_the_language_and_settings_show_it(
    app: App, settings: Settings, clock: ManualClock
) -> None:
    assert (await mod(app, "challenge settings")).endswith("Posts in: en")
    answer = await mod(app, "challenge settings language pt-br")
    assert answer == "Standings and results here are now posted in Portuguese (Brazil)."
    spanish_moderator = replace(
        in_group("challenge settings language es", "98", moderator=True), locale="es-419"
    )
    answer = await say(app, spanish_moderator)
    assert answer == "La clasificación y los resultados se publican ahora aquí en español."
    await mod(app, "challenge settings language pt-br")
    restarted = await bootstrap(settings, clock=clock)
    try:
        shown = await mod(restarted, "challenge settings")
    finally:
        await restarted.aclose()
    assert shown.endswith("Posts in: pt-BR")
    other_group = await mod(app, "challenge settings", group="2002")
    assert other_group.endswith("Posts in: en")


async def test_bad_or_unauthorised_changes_are_refused_and_change_nothing(app: App) -> None:
    await mod(app, "challenge settings language es")
    refused = await say(app, in_group("challenge settings language en", "7", "Zoe"))
    assert "moderator" in refused.lower()
    assert "I speak: en, es, pt-BR." in await mod(app, "challenge settings language klingon")
    both = await mod(app, "challenge settings timezone Mars/Base language en")
    assert "Mars/Base" in both
    assert (await mod(app, "challenge settings")).endswith("Posts in: es")


async def test_standings_and_podium_are_posted_in_the_groups_language(
    app: App, clock: ManualClock
) -> None:
    sender = RecordingSender()
    app.senders[Platform.DISCORD] = sender
    clock.set(MONDAY)
    await _sprint(app)
    await mod(app, "challenge settings language es")
    clock.set(MONDAY + timedelta(days=7))
    await app.services.challenges.post_due_standings()
    ((_, weekly),) = sender.posts
    assert weekly.title == "Clasificación de la semana 1"
    assert weekly.text.splitlines()[0] == "Sprint · sesiones · quedan 7 días · 2 participantes"
    assert weekly.text.splitlines()[1] == "🥇  1. Ann — 3"
    await mod(app, "challenge settings language pt-BR")
    await mod(app, 'challenge end "Sprint"')
    await app.services.challenges.announce_ended()
    _, podium = sender.posts[-1]
    assert podium.title == "Resultado do desafio"
    lines = podium.text.splitlines()
    assert lines[0] == "Sprint terminou! O pódio (sessões):"
    assert lines[-1] == "Obrigado às 2 pessoas que participaram."


async def test_a_members_leaderboard_is_in_their_own_language(app: App, clock: ManualClock) -> None:
    clock.set(MONDAY)
    await _sprint(app)
    spanish = replace(in_group("leaderboard", "1", "Ann"), locale="es-ES")
    (reply,) = await app.router.handle(spanish)
    assert reply.title == "Clasificación"
    assert reply.text.splitlines()[1] == "🥇  1. Ann — 3 ← tú"
    english = await say(app, in_group("leaderboard", "2", "Bob"))
    assert english.splitlines()[0] == "Sprint · sessions · 14 days left · 2 members"
