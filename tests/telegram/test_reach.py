"""Who the bot can reach on Telegram: start links from groups, blocks, removal from groups."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.clock import ManualClock
from bot.router import DISCLAIMER
from bot.types import Platform
from tests.telegram.conftest import Harness, sent_texts
from tests.telegram.fake_bot_api import BOT_USERNAME, Call, FakeUser

ANA = FakeUser(1001, "Ana", "Lopez")
BEN = FakeUser(1002, "Ben")
MOD = FakeUser(1003, "Mo", "Derator")
GROUP_ID = -100200
# The fixture clock starts on Monday 2026-03-02 09:00 UTC; 18:00 in Berlin is 17:00 UTC.
DUE = datetime(2026, 3, 2, 17, 0, 30, tzinfo=UTC)
START_LINK = f"https://t.me/{BOT_USERNAME}?start=checkins"


def _group(harness: Harness) -> dict[str, object]:
    harness.fake.admins[GROUP_ID] = {MOD.id}
    return harness.fake.group_chat(GROUP_ID, "Glute Club")


async def _athlete(harness: Harness, user: FakeUser) -> int | None:
    async with harness.app.uow() as uow:
        account = await uow.accounts.find(Platform.TELEGRAM, str(user.id))
    return account.athlete_id if account else None


async def _run(harness: Harness, name: str) -> list[Call]:
    """Run one periodic job as the scheduler would; return the messages it sent."""
    start = len(harness.fake.calls)
    await next(job for job in harness.app.periodic_jobs if job.name == name).run()
    return [call for call in harness.fake.calls[start:] if call.method == "sendMessage"]


async def test_checkins_on_in_a_group_explains_the_start_link(telegram: Harness) -> None:
    group = _group(telegram)
    calls = await telegram.say(ANA, "/checkins on mon,wed,fri 18:00 Europe/Berlin", group)
    assert [call.chat_id for call in calls] == [GROUP_ID]  # nothing tried by DM
    (answer,) = sent_texts(calls)
    assert "Telegram lets me write to you only after you start a chat with me" in answer
    assert f"Open {START_LINK} and press Start" in answer
    assert DISCLAIMER not in [call.text for call in calls]  # never posted in the group
    # Start (from the link) opens the private chat with "/start checkins".
    calls = await telegram.say(ANA, "/start checkins")
    texts = [call.text for call in calls if call.method == "sendMessage"]
    assert "Send /help any time" in texts[0]
    # Not turned on from the group: the private chat says how, with the schedule typed there.
    assert texts[1].startswith("<b>Check-ins</b>\nCheck-ins are off. Use /checkins on")
    assert texts[-1] == DISCLAIMER  # kept for the first private answer
    texts = sent_texts(await telegram.say(ANA, "/checkins on mon,wed,fri 18:00 Europe/Berlin"))
    assert "Next check-in: Mon 02 Mar, 18:00" in texts[0]


async def test_start_mentions_help_and_help_names_the_group_commands(telegram: Harness) -> None:
    greeting = sent_texts(await telegram.say(BEN, "/start"))[0]
    assert "Send /help any time to see all my commands." in greeting
    (help_text,) = sent_texts(await telegram.say(BEN, "/help"))
    groups = help_text.split("In a group or server with me:", 1)[1]
    assert "/challenge" in groups and "/leaderboard" in groups


async def test_blocking_pauses_checkins_at_once_and_start_resumes(
    telegram: Harness, clock: ManualClock
) -> None:
    await telegram.say(ANA, "/checkins on mon,wed,fri 18:00 Europe/Berlin")
    chat = telegram.fake.private_chat(ANA)
    telegram.fake.blocked.add(ANA.id)
    await telegram.membership(ANA, chat, "member", "kicked")
    athlete = await _athlete(telegram, ANA)
    assert athlete is not None
    schedule = await telegram.app.services.checkins.schedule(athlete)
    assert schedule is not None and not schedule.active
    clock.set(DUE)
    assert await _run(telegram, "checkins.dispatch") == []  # not even tried

    telegram.fake.blocked.discard(ANA.id)
    await telegram.membership(ANA, chat, "kicked", "member")  # unblocked, then Restart:
    texts = sent_texts(await telegram.say(ANA, "/start"))
    assert "Welcome back: I can reach you again." in texts[-1]
    assert "Check-ins on: Mon, Wed, Fri at 18:00 (Europe/Berlin)." in texts[-1]
    clock.set(datetime(2026, 3, 4, 17, 0, 30, tzinfo=UTC))  # Wednesday's check-in
    sent = await _run(telegram, "checkins.dispatch")
    assert [call.chat_id for call in sent] == [ANA.id]
    assert sent[0].text.startswith("<b>Wednesday check-in</b>")


async def test_removed_from_a_group_pauses_its_posts_until_added_back(
    telegram: Harness, clock: ManualClock
) -> None:
    group = _group(telegram)
    await telegram.say(MOD, '/challenge create "Hip March" sessions 2026-03-02 2026-03-29', group)
    await telegram.say(ANA, '/challenge join "Hip March"', group)
    await telegram.membership(MOD, group, "member", "left")
    clock.advance(timedelta(days=7, hours=1))
    assert await _run(telegram, "challenge-standings") == []
    await telegram.membership(MOD, group, "left", "member")
    posted = await _run(telegram, "challenge-standings")
    assert [call.chat_id for call in posted] == [GROUP_ID]
    assert "Week 1 standings" in posted[0].text

    await telegram.membership(MOD, group, "member", "kicked")
    clock.set(datetime(2026, 3, 30, 9, 0, tzinfo=UTC))  # the challenge ended meanwhile
    assert await _run(telegram, "challenge-results") == []
    await telegram.membership(MOD, group, "kicked", "member")
    results = await _run(telegram, "challenge-results")
    assert len(results) == 1 and "Hip March</b> has ended" in results[0].text


async def test_a_first_command_in_a_group_keeps_the_disclaimer_for_private(
    telegram: Harness,
) -> None:
    group = _group(telegram)
    await telegram.say(MOD, '/challenge create "Hip March" sessions 2026-03-02 2026-03-29', group)
    calls = await telegram.say(BEN, '/challenge join "Hip March"', group)
    assert calls and all(call.text != DISCLAIMER for call in calls)
    assert all(call.chat_id == GROUP_ID for call in calls)
    calls = await telegram.say(BEN, "/progress")
    assert [call.text for call in calls if call.method == "sendMessage"][-1] == DISCLAIMER


async def test_checkin_answer_keeps_the_title(telegram: Harness, clock: ManualClock) -> None:
    await telegram.say(ANA, "/checkins on mon,wed,fri 18:00 Europe/Berlin")
    clock.set(DUE)
    (checkin,) = await _run(telegram, "checkins.dispatch")
    done = next(action for action in checkin.button_actions if action.endswith(":done"))
    calls = await telegram.press(ANA, checkin, done)
    (edit,) = [call for call in calls if call.method == "editMessageText"]
    assert edit.text.startswith("<b>Monday check-in</b>\n") and "Your answer: Done." in edit.text
