"""Private chats end to end: menu, onboarding, questions, programs, buttons, formatting."""

from __future__ import annotations

from bot.commands.base import Command, Context
from bot.commands.declare import Args
from bot.types import Attachment, Platform, Reply, UserRef
from handlers.telegram.render import visible_length
from tests.telegram.conftest import Harness, sent_texts, with_buttons
from tests.telegram.fake_bot_api import FakeUser

ANA = FakeUser(1001, "Ana", "Lopez")


async def _athlete(harness: Harness, user: FakeUser) -> int:
    ref = UserRef(Platform.TELEGRAM, str(user.id), user.first_name)
    return await harness.app.services.athletes.identify(ref)


async def test_command_menus_are_published_per_scope(telegram: Harness) -> None:
    menus = {
        call.json("scope")["type"]: [entry["command"] for entry in call.json("commands")]
        for call in telegram.fake.calls_to("setMyCommands")
    }
    assert {"start", "help", "profile", "faq", "stop"} <= set(menus["all_private_chats"])
    assert "help" in menus["all_group_chats"]
    assert "profile" not in menus["all_group_chats"]
    described = telegram.fake.calls_to("setMyCommands")[0].json("commands")
    assert all(entry["description"].strip() for entry in described)


async def test_onboarding_with_buttons_stores_the_profile(telegram: Harness) -> None:
    calls = await telegram.say(ANA, "/start")
    assert any("Hi!" in text for text in sent_texts(calls))
    assert all(call.params.get("parse_mode") == "HTML" for call in calls)
    question = with_buttons(calls)
    assert "profile:goal:soften" in question.button_actions

    for action in ("profile:goal:soften", "profile:equipment:bands", "profile:level:beginner"):
        calls = await telegram.press(ANA, question, action)
        assert calls[0].method == "answerCallbackQuery"
        question = with_buttons(calls)
    assert "profile:days:3" in question.button_actions
    calls = await telegram.press(ANA, question, "profile:days:3")
    avoid = with_buttons(calls)
    await telegram.press(ANA, avoid, "profile:avoid:knee")
    calls = await telegram.press(ANA, avoid, "profile:done:")
    assert any("All set" in text for text in sent_texts(calls))

    profile = await telegram.app.services.athletes.profile(await _athlete(telegram, ANA))
    assert (profile.goal, profile.equipment, profile.level) == ("soften", "bands", "beginner")
    assert profile.days_per_week == 3
    assert profile.avoid == frozenset({"knee"})


async def test_plain_text_is_answered_as_a_question(telegram: Harness) -> None:
    calls = await telegram.say(ANA, "what causes hip dips?")
    texts = sent_texts(calls)
    assert texts, "the question got no answer"
    assert "don't know the command" not in texts[0]
    assert len(texts[0]) > 80


async def test_program_is_shown_for_a_complete_profile(telegram: Harness) -> None:
    for line in ("goal emphasize", "equipment dumbbells", "level intermediate", "days 3"):
        await telegram.say(ANA, f"/profile {line}")
    calls = await telegram.say(ANA, "/program")
    texts = sent_texts(calls)
    assert texts
    program = "\n".join(texts)
    assert "<b>" in program  # the title is bold
    assert program.count("\n") > 5


async def test_stale_or_forged_buttons_get_a_polite_answer_and_change_nothing(
    telegram: Harness,
) -> None:
    calls = await telegram.say(ANA, "/start")
    question = with_buttons(calls)
    for forged in ("nope:1:2", "profile:goal:flying", "profile:" + "x" * 70):
        calls = await telegram.press(ANA, question, forged)
        answers = [call for call in calls if call.method == "answerCallbackQuery"]
        assert len(answers) == 1
        assert answers[0].text  # a short explanation, shown as a toast
        assert not [call for call in calls if call.method in ("sendMessage", "editMessageText")]
    profile = await telegram.app.services.athletes.profile(await _athlete(telegram, ANA))
    assert profile.goal is None


async def test_unknown_commands_get_a_short_hint(telegram: Harness) -> None:
    texts = sent_texts(await telegram.say(ANA, "/dance"))
    assert texts == ["I don't know the command /dance. Try /help."]


async def test_a_5000_character_answer_is_split_on_paragraph_boundaries(
    telegram: Harness,
) -> None:
    paragraphs = [
        (f"Paragraph {n}: " + "lateral band walk & squeeze. " * 17).strip() for n in range(10)
    ]
    long_text = "\n\n".join(paragraphs)
    assert len(long_text) > 5000

    async def long_answer(_context: Context, _args: Args) -> list[Reply]:
        return [Reply(text=long_text, title="Long read")]

    telegram.app.router.registry.add(Command("longread", "a long text", long_answer))
    texts = sent_texts(await telegram.say(ANA, "/longread"))
    assert len(texts) == 2
    # Telegram's 4,096 count the text once the HTML is parsed (an entity is one character).
    assert all(visible_length(text) <= 4096 for text in texts)
    assert texts[0].startswith("<b>Long read</b>\n")
    # Both messages hold whole paragraphs only, and together all of them in order.
    first_body = texts[0].removeprefix("<b>Long read</b>\n").replace("&amp;", "&")
    second_body = texts[1].replace("&amp;", "&")
    assert first_body.split("\n\n") + second_body.split("\n\n") == paragraphs


async def test_user_text_cannot_inject_html(telegram: Harness) -> None:
    texts = sent_texts(await telegram.say(ANA, "/profile timezone <i>Mars</i>&co"))
    assert len(texts) == 1
    assert "<i>" not in texts[0]
    assert "&lt;i&gt;Mars&lt;/i&gt;&amp;co" in texts[0]


async def test_attachments_go_as_photo_and_document(telegram: Harness) -> None:
    telegram.fake.private_chat(ANA)
    png = b"\x89PNG\r\n\x1a\nchart"
    reply = Reply(
        text="Your week",
        attachments=(
            Attachment("progress.png", png, "image/png"),
            Attachment("mydata.json", b'{"a": 1}', "application/json"),
        ),
    )
    await telegram.runner.sender.send_dm(str(ANA.id), reply)
    photo = telegram.fake.calls_to("sendPhoto")[-1]
    document = telegram.fake.calls_to("sendDocument")[-1]
    assert photo.files["photo"] == ("progress.png", png)
    assert document.files["document"] == ("mydata.json", b'{"a": 1}')
