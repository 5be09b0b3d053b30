"""One declaration per command: /help, the text parser and its refusals come from it."""

from __future__ import annotations

import pytest

from bot.bootstrap import App, build_registry
from bot.commands.declare import usage_line
from bot.errors import BadInput
from bot.types import ChatRef, Incoming, Platform, Reply, UserRef

USER = UserRef(Platform.TELEGRAM, "601", "Noor")
DM = ChatRef(Platform.TELEGRAM, "601", "private")
GROUP = ChatRef(Platform.TELEGRAM, "-200", "group", "Hip club", channel_id="-200")


async def say(app: App, text: str, chat: ChatRef = DM) -> list[Reply]:
    return await app.router.handle(Incoming(USER, chat, text=text))


async def test_help_lists_every_declared_command_and_subcommand(app: App) -> None:
    text = (await say(app, "/help"))[0].text
    for command in app.router.registry.catalogue():
        for form in command.forms:
            line = f"/{usage_line(command.name, form)} — {form.summary or command.summary}"
            assert line in text, line
    group = (await say(app, "/help", GROUP))[0].text
    assert "/challenge join <name>" in group and "/profile" not in group


def test_text_parser_gives_the_declared_types() -> None:
    registry = build_registry()
    profile = registry.commands["profile"].parse("goal Soften days 3 avoid knee, back")
    assert dict(profile.values) == {"goal": "soften", "days": 3, "avoid": "knee, back"}
    mixed = registry.commands["profile"].parse("avoid knee, back timezone=Europe/Berlin")
    assert dict(mixed.values) == {"avoid": "knee, back", "timezone": "Europe/Berlin"}
    create = registry.commands["challenge"].parse(
        'create "March Dips" sessions 2026-03-02 2026-03-29 x'
    )
    assert create.sub == "create" and create.text("name") == "March Dips"
    assert create.text("exercise") == "x" and create.text("end") == "2026-03-29"
    dates = "2026-03-02 2026-03-29"
    channel = registry.commands["challenge"].parse(f"create M streak {dates} channel=<#42>")
    assert channel.text("channel") == "42"
    assert registry.commands["program"].parse("week 3").number("week") == 3
    assert registry.commands["checkins"].parse("").sub == "show"
    logged = registry.commands["log"].parse("reps hip-thrust 3x12 @40kg rir 2")
    assert dict(logged.values) == {
        "exercise": "hip-thrust", "reps": 12, "sets": 3, "load": "40 kg", "rir": 2,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("command", "text", "message"),
    [
        ("profile", "goal soften days 9", "days must be 2, 3 or 4."),
        ("profile", "soften", "Use /profile [goal <goal>]"),
        ("profile", "days", "days needs a value: /profile [goal <goal>]"),
        ("link", "remove", "remove needs a value: /link [<code>] [remove <remove>]"),
        ("program", "0", "week must be a whole number from 1 to 520."),
        ("challenge", "dance", "Use /challenge create <name>"),
        ("challenge", "create M sessions 2026-3-2 2026-03-29", "start: '2026-3-2' is not a date"),
        ("forget", "now", "Send /forget, then confirm"),
    ],
)
def test_text_refusals_name_the_parameter_or_the_usage(
    command: str, text: str, message: str
) -> None:
    with pytest.raises(BadInput) as refused:
        build_registry().commands[command].parse(text)
    assert str(refused.value).startswith(message)


async def test_text_profile_with_several_fields_is_all_or_nothing(app: App) -> None:
    await say(app, "/profile goal strength level advanced")
    refused = await say(app, "/profile goal soften timezone Atlantis/Lost")
    assert refused[0].notice and "Atlantis/Lost" in refused[0].text
    athlete = await app.services.athletes.identify(USER)
    profile = await app.services.athletes.profile(athlete)
    assert (profile.goal, profile.level) == ("strength", "advanced")


@pytest.mark.parametrize("text", ["/profile timezone goal soften", "/profile goal soften level="])
async def test_a_field_named_without_a_value_is_refused_and_nothing_is_saved(
    app: App, text: str
) -> None:
    await say(app, "/profile goal strength level advanced")
    refused = await say(app, text)
    assert refused[0].notice and "needs a value" in str(refused[0].text)
    assert "Saved" not in str(refused[0].text)
    athlete = await app.services.athletes.identify(USER)
    profile = await app.services.athletes.profile(athlete)
    assert (profile.goal, profile.level) == ("strength", "advanced")


async def test_an_exercise_given_to_a_challenge_without_reps_is_refused(app: App) -> None:
    create = '/challenge create "March Dips" sessions 2026-12-10 2026-12-31 hip-thrust'
    refused = await app.router.handle(Incoming(USER, GROUP, text=create, is_moderator=True))
    assert refused[0].notice and "reps metric only" in str(refused[0].text)
    listed = await app.router.handle(Incoming(USER, GROUP, text="/challenge list"))
    assert "March Dips" not in str(listed[0].text)  # nothing was created


def test_unbalanced_quotes_are_refused_by_the_text_parser() -> None:
    registry = build_registry()
    with pytest.raises(BadInput):
        registry.commands["challenge"].parse('join "March Dips')
    with pytest.raises(BadInput):
        registry.commands["log"].parse('reps "clamshell 10')
