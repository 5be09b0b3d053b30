"""Formatting as Discord users see it (real discord.py against the fake): knowledge answers with
bold and lists, user-chosen names shown exactly as typed (never formatting, a link or a
mention, even when one reply shows a name twice), and the week's program as one message."""

from __future__ import annotations

import re
from typing import Any

from handlers.discord.runner import DiscordRunner
from tests.discord.fake_discord import FakeDiscord, Person

NAME = "**x** [a](https://b) @everyone"
SHORT_NAME = "[*x*](http://b)@here"  # boards show at most 20 characters of a name
PLAIN = re.compile(r"[0-9A-Za-z\s]")  # Discord's backslash escapes anything else
WINDOW: dict[str, Any] = {"metric": "sessions", "start": "2026-03-02", "end": "2026-03-31"}


def reading(markdown: str) -> tuple[str, str]:
    """(what a reader sees, what Discord can still read as markup) for a message's Markdown.

    In the second, escaped characters are NUL and code spans SOH: neither can form anything.
    """
    shown: list[str] = []
    live: list[str] = []
    index = 0
    while index < len(markdown):
        character = markdown[index]
        following = markdown[index + 1 : index + 2]
        if character == "\\" and following and not PLAIN.match(following):
            shown.append(following)
            live.append("\0")
            index += 2
            continue
        if character == "`":
            fence = "`" * (len(markdown[index:]) - len(markdown[index:].lstrip("`")))
            end = markdown.find(fence, index + len(fence))
            if end != -1:
                shown.append(markdown[index + len(fence) : end])
                live.append("\1")
                index = end + len(fence)
                continue
        shown.append(character)
        live.append(character)
        index += 1
    return "".join(shown).replace("\u200b", ""), "".join(live)


def assert_literal(markdown: str, name: str, times: int) -> None:
    """`name` is shown `times` times as typed, and none of it can act as markup."""
    shown, live = reading(markdown)
    assert shown.count(name) == times, markdown
    assert "](" not in live and "://" not in live, markdown  # no masked link, no bare URL
    assert "@everyone" not in live and "@here" not in live, markdown
    assert "*x*" not in live and "**x**" not in live, markdown


async def test_faq_answer_shows_bold_and_a_list(
    runner: DiscordRunner, fake: FakeDiscord, member: Person
) -> None:
    asked = await fake.slash(member, "faq", question="what muscles should I train for hip dips?")
    (answer, *_) = await asked.wait(1)
    description = str(answer.embeds[0]["description"])
    lines = description.splitlines()
    assert sum(line.startswith("- **") for line in lines) >= 3, description
    assert "\\*" not in description and "\\-" not in description  # nothing escaped by mistake
    assert "\\" not in lines  # no stray backslash on a line of its own


async def test_a_challenge_name_with_markup_stays_literal_even_twice_in_one_reply(
    runner: DiscordRunner, fake: FakeDiscord, moderator: Person
) -> None:
    created = await fake.slash(moderator, "challenge-admin", sub="create", name=NAME, **WINDOW)
    (reply,) = await created.wait(1)
    description = str(reply.embeds[0]["description"])
    assert_literal(description, NAME, 2)  # "<name> is on ... Join with /challenge join "<name>""
    assert f'`/challenge join "{NAME}"`' in description  # typed as shown, it works
    listed = await (await fake.slash(moderator, "challenge", sub="list")).wait(1)
    assert_literal(listed[0].text, NAME, 1)


async def test_a_display_name_with_markup_stays_literal_on_the_board(
    runner: DiscordRunner, fake: FakeDiscord, moderator: Person
) -> None:
    sneaky = Person(1003, "sneaky", display=SHORT_NAME)
    await (
        await fake.slash(moderator, "challenge-admin", sub="create", name="Lateral", **WINDOW)
    ).wait(1)
    await (await fake.slash(sneaky, "challenge", sub="join", name="Lateral")).wait(1)
    await (await fake.slash(sneaky, "log", sessions=1)).wait(1)
    (board,) = await (await fake.slash(sneaky, "leaderboard", challenge="Lateral")).wait(1)
    assert_literal(board.text, SHORT_NAME, 1)
    assert "**Lateral**" in board.text  # formatting still works around it


async def test_the_program_is_one_message_with_a_field_per_day(
    runner: DiscordRunner, fake: FakeDiscord, member: Person
) -> None:
    options: dict[str, Any] = {"goal": "emphasize", "equipment": "dumbbells"}
    await (
        await fake.slash(member, "profile", dm=True, level="intermediate", days=3, **options)
    ).wait(2)
    program = await fake.slash(member, "program", dm=True)
    (message,) = await program.wait(1)
    # One user's interactions run in order: once /help is answered, /program has said it all.
    await (await fake.slash(member, "help", dm=True)).wait(1)
    assert len(program.sent) == 1
    (embed,) = message.embeds
    names = [str(item["name"]) for item in embed["fields"]]
    days = [name.split(":")[0] for name in names if not name.endswith("(continued)")]
    assert days == ["Monday", "Wednesday", "Friday", "Notes for this week"]
    assert all(len(str(item["value"])) <= 1024 for item in embed["fields"])
    assert "1. **" in embed["fields"][0]["value"]
