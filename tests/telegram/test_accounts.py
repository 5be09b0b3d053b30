"""link, mydata and forget from a Telegram private chat, end to end."""

from __future__ import annotations

import json
import re

from bot.types import ChatRef, Incoming, Platform, UserRef
from tests.telegram.conftest import Harness, sent_texts, with_buttons
from tests.telegram.fake_bot_api import FakeUser

ANA = FakeUser(1001, "Ana", "Lopez", username="ana_l")
DISCORD_ANA = UserRef(Platform.DISCORD, "777000111", "ana#discord")


async def _account_exists(harness: Harness, user: FakeUser) -> bool:
    async with harness.app.uow() as uow:
        return await uow.accounts.find(Platform.TELEGRAM, str(user.id)) is not None


async def test_link_joins_a_discord_account(telegram: Harness) -> None:
    texts = sent_texts(await telegram.say(ANA, "/link"))
    code = re.search(r"Your link code: (\S+)", texts[0])
    assert code is not None
    # The other half happens on Discord: the same core, reached from another adapter.
    discord_dm = ChatRef(Platform.DISCORD, "dm-1", "private")
    await telegram.app.router.handle(Incoming(DISCORD_ANA, discord_dm, f"/link {code[1]}"))

    texts = sent_texts(await telegram.say(ANA, "/link"))
    assert "Telegram" in texts[0] and "Discord" in texts[0]


async def test_mydata_arrives_as_a_json_document(telegram: Harness) -> None:
    await telegram.say(ANA, "/profile goal strength")
    calls = await telegram.say(ANA, "/mydata")
    documents = [call for call in calls if call.method == "sendDocument"]
    assert len(documents) == 1 and documents[0].chat_id == ANA.id
    filename, data = documents[0].files["document"]
    assert filename.endswith(".json")
    assert "strength" in json.dumps(json.loads(data))


async def test_forget_asks_then_deletes_and_edits_the_question(telegram: Harness) -> None:
    await telegram.say(ANA, "/profile goal strength")
    question = with_buttons(await telegram.say(ANA, "/forget"))
    assert question.button_actions == ["forget:confirm", "forget:cancel"]

    calls = await telegram.press(ANA, question, "forget:cancel")
    edits = [call for call in calls if call.method == "editMessageText"]
    assert [edit.text for edit in edits] == ["Cancelled: nothing was deleted."]
    assert await _account_exists(telegram, ANA)

    question = with_buttons(await telegram.say(ANA, "/forget"))
    calls = await telegram.press(ANA, question, "forget:confirm")
    assert calls[0].method == "answerCallbackQuery"
    edits = [call for call in calls if call.method == "editMessageText"]
    assert len(edits) == 1 and "everything I stored about you is deleted" in edits[0].text
    assert "reply_markup" not in edits[0].params  # the buttons are gone with the question
    assert not await _account_exists(telegram, ANA)
