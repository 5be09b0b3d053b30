"""Group chats end to end: privacy, addressing, challenges, moderators, private answers."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from bot.clock import ManualClock
from handlers.telegram.handlers import CANNOT_DM, SENT_PRIVATELY
from tests.telegram.conftest import Harness, sent_texts, set_up_checkins, without_disclaimer
from tests.telegram.fake_bot_api import BOT_USERNAME, FakeUser

ANA = FakeUser(1001, "Ana", "Lopez")
EVE = FakeUser(1002, "<b>Eve</b>", "& <i>co</i>")
MOD = FakeUser(1003, "Mo", "Derator")
GROUP_ID = -100200


def _group(harness: Harness) -> dict[str, object]:
    harness.fake.admins[GROUP_ID] = {MOD.id}
    return harness.fake.group_chat(GROUP_ID, "Glute Club")


async def test_group_chatter_is_ignored_and_addressed_commands_answered(
    telegram: Harness,
) -> None:
    group = _group(telegram)
    assert await telegram.say(ANA, "anyone up for legs today?", group) == []
    assert await telegram.say(ANA, "/help@SomeOtherBot", group) == []
    assert await telegram.say(ANA, "/weather", group) == []  # not ours, maybe another bot's

    calls = await telegram.say(ANA, f"/help@{BOT_USERNAME}", group)
    assert [call.chat_id for call in calls] == [GROUP_ID]
    assert "/leaderboard" in calls[0].text
    assert "/profile" not in calls[0].text  # only what works in a group is listed
    assert calls[0].json("reply_parameters")["message_id"] > 0

    refusal = sent_texts(await telegram.say(ANA, "/profile", group))
    link = f"https://t.me/{BOT_USERNAME}?start=profile"
    assert refusal == [f"/profile works in a private chat with me: open {link} and press Start."]


async def test_challenge_created_by_admin_joined_logged_and_ranked(
    telegram: Harness, clock: ManualClock
) -> None:
    group = _group(telegram)
    create = '/challenge create "Hip March" sessions 2026-03-02 2026-03-29'
    refused = sent_texts(await telegram.say(ANA, create, group))
    assert refused == ["Only group admins can create challenges."]  # Telegram's words
    assert "Hip March" not in "".join(sent_texts(await telegram.say(ANA, "/challenge list", group)))

    created = sent_texts(await telegram.say(MOD, create, group))
    assert "Hip March is on" in created[0]

    for user in (ANA, EVE):
        joined = await telegram.say(user, '/challenge join "Hip March"', group)
        assert [call.chat_id for call in without_disclaimer(joined)] == [GROUP_ID]
    logged = sent_texts(await telegram.say(ANA, "/log sessions 2", group))
    assert "Logged 2 sessions" in logged[0] and "Hip March (now 2)" in logged[0]
    await telegram.say(EVE, "/log", group)

    board = sent_texts(await telegram.say(EVE, f"/leaderboard@{BOT_USERNAME}", group))
    assert len(board) == 1
    text = board[0]
    assert text.startswith("<b>Leaderboard</b>")
    assert text.index("Ana Lopez") < text.index("&lt;b&gt;Eve&lt;/b&gt; &amp; &lt;i&gt;co")
    assert "<i>" not in text and "<b>Eve" not in text  # the name is shown, not obeyed

    # A week later the standings are posted in the group on their own.
    clock.advance(timedelta(days=7, hours=1))
    start = len(telegram.fake.calls)
    standings = next(job for job in telegram.app.periodic_jobs if job.name.endswith("standings"))
    await standings.run()
    posted = [c for c in telegram.fake.calls[start:] if c.method == "sendMessage"]
    assert [call.chat_id for call in posted] == [GROUP_ID]
    assert "Week 1 standings" in posted[0].text

    # A moderator can post them any time; members cannot.
    refused = sent_texts(await telegram.say(ANA, '/challenge post "Hip March"', group))
    assert refused == ["Only group admins can post standings."]
    asked = sent_texts(await telegram.say(MOD, '/challenge post "Hip March"', group))
    assert asked[0].startswith("<b>Standings</b>") and "Ana Lopez — 2" in asked[0]
    assert asked[1:] == ["Posted the standings of Hip March."]


async def test_private_answers_asked_in_a_group_go_by_dm(telegram: Harness) -> None:
    group = _group(telegram)
    calls = await telegram.say(ANA, "/mydata", group)
    documents = [call for call in calls if call.method == "sendDocument"]
    assert [call.chat_id for call in documents] == [ANA.id]
    export = json.loads(next(iter(documents[0].files.values()))[1])
    assert export  # the export itself went to the DM
    in_group = [call for call in without_disclaimer(calls) if call.chat_id == GROUP_ID]
    assert [call.text for call in in_group] == [SENT_PRIVATELY]

    telegram.fake.blocked.add(EVE.id)  # never started the bot, or blocked it
    calls = await telegram.say(EVE, "/link", group)
    in_group = [call for call in without_disclaimer(calls) if call.chat_id == GROUP_ID]
    assert [call.text for call in in_group] == [CANNOT_DM.format(bot=BOT_USERNAME)]
    group_text = "".join(call.text for call in calls if call.chat_id == GROUP_ID)
    assert "link code" not in group_text.lower()  # the attempted DM was refused (403)


async def test_paused_checkin_notice_is_not_posted_in_the_group(
    telegram: Harness, clock: ManualClock
) -> None:
    await set_up_checkins(telegram, ANA)
    telegram.fake.blocked.add(ANA.id)
    clock.set(datetime(2026, 3, 2, 17, 0, 30, tzinfo=UTC))  # the check-in is due, and refused
    dispatch = next(job for job in telegram.app.periodic_jobs if job.name == "checkins.dispatch")
    await dispatch.run()

    group = _group(telegram)
    calls = await telegram.say(ANA, "/challenge list", group)
    group_text = "".join(call.text for call in calls if call.chat_id == GROUP_ID)
    assert "paused" not in group_text and "Europe/Berlin" not in group_text
    assert CANNOT_DM.format(bot=BOT_USERNAME) in group_text  # the notice was tried by DM


async def test_a_group_that_becomes_a_supergroup_keeps_its_challenges(
    telegram: Harness, clock: ManualClock
) -> None:
    group = _group(telegram)
    await telegram.say(MOD, '/challenge create "Hip March" sessions 2026-03-02 2026-03-29', group)
    await telegram.say(ANA, '/challenge join "Hip March"', group)
    await telegram.say(ANA, "/log sessions 2", group)

    supergroup = await telegram.migrate(MOD, group, -1009990001)
    telegram.fake.admins[-1009990001] = {MOD.id}
    board = sent_texts(await telegram.say(ANA, "/leaderboard", supergroup))
    assert "Hip March" in board[0] and "Ana Lopez — 2" in board[0]
    logged = sent_texts(await telegram.say(ANA, "/log", supergroup))
    assert "Hip March (now 3)" in logged[0]
    old = sent_texts(await telegram.say(ANA, "/challenge list", group))
    assert "No challenges here yet" in old[0]  # nothing stays behind under the old id

    clock.advance(timedelta(days=7, hours=1))  # the standings go to the supergroup
    start = len(telegram.fake.calls)
    standings = next(job for job in telegram.app.periodic_jobs if job.name.endswith("standings"))
    await standings.run()
    posted = [c for c in telegram.fake.calls[start:] if c.method == "sendMessage"]
    assert [call.chat_id for call in posted] == [-1009990001]
