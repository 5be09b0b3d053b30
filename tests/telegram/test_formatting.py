"""Formatting as Telegram users see it: knowledge answers in bold with bullets, user-chosen
names shown exactly as typed (never as markup), and the week's program as one message."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from handlers.telegram.render import MAX_MESSAGE_CHARS, visible_length
from tests.telegram.conftest import Harness, sent_texts, without_disclaimer
from tests.telegram.fake_bot_api import Call, FakeUser

ANA = FakeUser(1001, "Ana", "Lopez")
MOD = FakeUser(1003, "Mo", "Derator")
NAME = "**x** [a](https://b) @everyone"
SHORT_NAME = "[*x*](http://b)@here"  # boards show at most 20 characters of a name
SNEAKY = FakeUser(1004, SHORT_NAME)
GROUP_ID = -100300


class _Reader(HTMLParser):
    """What a Telegram client makes of a message sent with parse_mode HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text += data


def read(message: str) -> _Reader:
    reader = _Reader()
    reader.feed(message)
    reader.close()
    return reader


def _shown_literally(call: Call, times: int, name: str = NAME) -> None:
    """The name is in the text `times` times, exactly as typed, and formed no link."""
    reader = read(call.text)
    assert reader.text.count(name) == times, call.text
    assert call.text.count(html.escape(name, quote=False)) == times
    assert "a" not in reader.tags  # no link, masked or otherwise
    assert set(reader.tags) <= {"b", "i", "code"}
    assert call.params.get("parse_mode") == "HTML"


async def test_faq_answer_arrives_with_bold_and_bullets(telegram: Harness) -> None:
    question = "what muscles should I train for hip dips?"
    (answer, *_) = without_disclaimer(await telegram.say(ANA, question))
    assert answer.params.get("parse_mode") == "HTML"
    assert re.search(r"^• <b>[^<]+</b> ", answer.text, re.MULTILINE), answer.text
    lines = read(answer.text).text.splitlines()
    assert sum(line.startswith("• ") for line in lines) >= 3
    assert "**" not in answer.text and "\n- " not in answer.text  # no raw Markdown left


async def test_a_challenge_name_with_markup_stays_literal_even_twice_in_one_reply(
    telegram: Harness,
) -> None:
    telegram.fake.admins[GROUP_ID] = {MOD.id}
    group = telegram.fake.group_chat(GROUP_ID, "Glute Club")
    create = f"/challenge create '{NAME}' sessions 2026-03-02 2026-03-29"
    (created,) = without_disclaimer(await telegram.say(MOD, create, group))
    _shown_literally(created, 2)  # "<name> is on ... Join with /challenge join "<name>""
    assert f'<code>/challenge join "{html.escape(NAME, quote=False)}"</code>' in created.text

    (listed,) = without_disclaimer(await telegram.say(MOD, "/challenge list", group))
    _shown_literally(listed, 1)


async def test_a_display_name_with_markup_stays_literal_on_the_board(telegram: Harness) -> None:
    telegram.fake.admins[GROUP_ID] = {MOD.id}
    group = telegram.fake.group_chat(GROUP_ID, "Glute Club")
    await telegram.say(MOD, "/challenge create Lateral sessions 2026-03-02 2026-03-29", group)
    await telegram.say(SNEAKY, "/challenge join Lateral", group)
    await telegram.say(SNEAKY, "/log", group)
    (board,) = without_disclaimer(await telegram.say(SNEAKY, "/leaderboard", group))
    _shown_literally(board, 1, SHORT_NAME)
    assert "<b>Lateral</b>" in board.text  # formatting still works around it


async def test_the_program_is_one_message(telegram: Harness) -> None:
    for line in ("goal soften", "equipment bands", "level beginner", "days 2"):
        await telegram.say(ANA, f"/profile {line}")
    texts = sent_texts(await telegram.say(ANA, "/program"))
    assert len(texts) == 1
    assert texts[0].startswith("<b>Your program</b>\nWeek 1")
    for day in ("Monday", "Thursday"):
        assert f"\n<b>{day}: " in texts[0], day
    assert "<b>Notes for this week</b>" in texts[0] and "\n1. <b>" in texts[0]


async def test_a_long_program_is_split_only_at_telegrams_limit(telegram: Harness) -> None:
    for line in ("goal strength", "equipment gym", "level advanced", "days 4"):
        await telegram.say(ANA, f"/profile {line}")
    texts = sent_texts(await telegram.say(ANA, "/program"))
    assert len(texts) == 2  # the week is longer than one message may be
    shown = [visible_length(text) for text in texts]
    assert shown[0] <= MAX_MESSAGE_CHARS and shown[0] + shown[1] > MAX_MESSAGE_CHARS
    for text in texts:  # each message is well-formed HTML on its own
        assert text.count("<b>") == text.count("</b>") and text.count("<i>") == text.count("</i>")
