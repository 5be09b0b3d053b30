"""Scheduled check-ins over Telegram: set, delivered at the due moment, answered by button."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import ManualClock
from bot.types import Platform
from tests.telegram.conftest import Harness, sent_texts, set_up_checkins
from tests.telegram.fake_bot_api import Call, FakeUser

ANA = FakeUser(1001, "Ana", "Lopez")
BEN = FakeUser(1002, "Ben")
# The fixture clock starts on Monday 2026-03-02 09:00 UTC; 18:00 in Berlin is 17:00 UTC.
DUE = datetime(2026, 3, 2, 17, 0, 30, tzinfo=UTC)


async def _set_up(harness: Harness, user: FakeUser) -> str:
    return sent_texts(await set_up_checkins(harness, user))[0]


async def _tick(harness: Harness) -> list[Call]:
    """Run the check-in dispatcher once, as the scheduler would; return what it sent."""
    start = len(harness.fake.calls)
    job = next(job for job in harness.app.periodic_jobs if job.name == "checkins.dispatch")
    await job.run()
    return [call for call in harness.fake.calls[start:] if call.method == "sendMessage"]


async def test_checkin_is_delivered_when_due_and_answered_by_button(
    telegram: Harness, clock: ManualClock
) -> None:
    confirmation = await _set_up(telegram, ANA)
    assert "Next check-in: Mon 02 Mar, 18:00" in confirmation

    assert await _tick(telegram) == []  # 09:00 UTC: not yet
    clock.set(DUE)
    sent = await _tick(telegram)
    assert [call.chat_id for call in sent] == [ANA.id]
    checkin = sent[0]
    assert "check-in" in checkin.text and "How did it go?" in checkin.text
    done = next(action for action in checkin.button_actions if action.endswith(":done"))
    assert await _tick(telegram) == []  # never twice

    calls = await telegram.press(ANA, checkin, done)
    assert calls[0].method == "answerCallbackQuery" and not calls[0].text
    edits = [call for call in calls if call.method == "editMessageText"]
    assert len(edits) == 1
    assert "Your answer: Done." in edits[0].text and "Streak: 1" in edits[0].text
    assert edits[0].params["message_id"] == str(checkin.result["message_id"])
    rating = edits[0].button_actions
    assert rating and all(action.startswith("cd:") for action in rating)

    calls = await telegram.press(ANA, checkin, rating[6])
    assert [call.method for call in calls] == ["answerCallbackQuery", "editMessageText"]

    calls = await telegram.say(ANA, "/progress")
    assert any("Streak: 1" in text for text in sent_texts(calls))
    photos = [call for call in calls if call.method == "sendPhoto"]
    assert len(photos) == 1 and photos[0].files["photo"][1].startswith(b"\x89PNG")


async def test_forged_checkin_buttons_change_nothing(telegram: Harness, clock: ManualClock) -> None:
    await _set_up(telegram, ANA)
    clock.set(DUE)
    checkin = (await _tick(telegram))[0]
    real = next(action for action in checkin.button_actions if action.endswith(":done"))
    checkin_id = real.split(":")[1]
    for forged in (f"ci:{int(checkin_id) + 50}:done", f"ci:{checkin_id}:great", "ci:abc:done"):
        calls = await telegram.press(ANA, checkin, forged)
        assert [call.method for call in calls] == ["answerCallbackQuery"]
        assert calls[0].text  # a polite toast
    # Someone else pressing Ana's button cannot answer it either.
    calls = await telegram.press(BEN, checkin, real)
    assert [call.method for call in calls] == ["answerCallbackQuery"]
    calls = await telegram.press(ANA, checkin, real)
    assert any("Streak: 1" in call.text for call in calls if call.method == "editMessageText")


async def test_a_user_who_blocked_the_bot_is_marked_unreachable(
    telegram: Harness, clock: ManualClock
) -> None:
    await _set_up(telegram, BEN)
    telegram.fake.blocked.add(BEN.id)
    clock.set(DUE)
    await _tick(telegram)
    attempts = [c for c in telegram.fake.calls_to("sendMessage") if c.chat_id == BEN.id]
    assert attempts  # the check-in was tried and refused with 403
    async with telegram.app.uow() as uow:
        account = await uow.accounts.find(Platform.TELEGRAM, str(BEN.id))
    assert account is not None and account.reachable is False

    # Writing again proves the chat works: the account is reachable again.
    telegram.fake.blocked.discard(BEN.id)
    texts = sent_texts(await telegram.say(BEN, "/checkins"))
    assert texts and "paused" in texts[-1]
