"""The core router as every adapter sees it: commands, buttons, refusals, privacy."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.bootstrap import App
from bot.router import DISCLAIMER
from bot.types import ChatRef, Incoming, Platform, Reply, UserRef

USER = UserRef(Platform.TELEGRAM, "501", "Maya")
DM = ChatRef(Platform.TELEGRAM, "501", "private")
GROUP = ChatRef(Platform.TELEGRAM, "-100", "group", "Glute crew", channel_id="-100")


async def say(app: App, text: str, chat: ChatRef = DM) -> list[Reply]:
    return await app.router.handle(Incoming(USER, chat, text=text))


async def press(app: App, action: str) -> list[Reply]:
    return await app.router.handle(Incoming(USER, DM, action=action))


async def test_guided_profile_by_buttons_is_stored(app: App) -> None:
    first = await say(app, "/profile")
    assert [b.action for b in first[0].buttons[0]] == [
        "profile:goal:soften",
        "profile:goal:emphasize",
        "profile:goal:strength",
    ]
    for action in ("profile:goal:emphasize", "profile:equipment:gym", "profile:level:advanced"):
        await press(app, action)
    avoid = await press(app, "profile:days:4")
    assert "toggle" in avoid[0].text
    toggled = await press(app, "profile:avoid:back")
    assert toggled[0].buttons[0][1].label.startswith("✓")
    done = await press(app, "profile:done:")
    assert "Goal: emphasize" in done[0].text
    athlete = await app.services.athletes.identify(USER)
    profile = await app.services.athletes.profile(athlete)
    assert (profile.goal, profile.equipment, profile.level, profile.days_per_week) == (
        "emphasize",
        "gym",
        "advanced",
        4,
    )
    assert profile.avoid == frozenset({"back"})


async def test_text_profile_edit_and_refusal_changes_nothing(app: App) -> None:
    await say(app, "/profile goal strength")
    refused = await say(app, "/profile days 7")
    assert refused[0].notice and "2, 3 or 4" in refused[0].text
    refused_tz = await say(app, "/profile timezone Atlantis/Lost")
    assert refused_tz[0].notice
    for area in ("Europe", "America"):  # directories of zones, not zones
        refused_area = await say(app, f"/profile timezone {area}")
        assert refused_area[0].notice and "timezone" in refused_area[0].text
    profile = await app.services.athletes.profile(await app.services.athletes.identify(USER))
    assert profile.goal == "strength"
    assert profile.days_per_week is None
    assert profile.timezone == "UTC"


async def test_forged_or_stale_buttons_get_a_polite_notice(app: App) -> None:
    for action in ("nonsense", "profile:goal:bulk", "profile:hack", "x" * 200):
        replies = await press(app, action)
        assert len(replies) >= 1 and replies[0].notice
    profile = await app.services.athletes.profile(await app.services.athletes.identify(USER))
    assert profile.goal is None


async def test_group_chatter_is_ignored_but_commands_answer(app: App) -> None:
    assert await say(app, "anyone training legs today?", GROUP) == []
    replies = await say(app, "/help@hipcoach_bot", GROUP)
    assert replies and "/faq" in replies[0].text
    private_only = await say(app, "/profile", GROUP)
    assert private_only[0].notice and "private chat" in private_only[0].text


async def test_unknown_command_and_oversized_text_are_refused(app: App) -> None:
    unknown = await say(app, "/dance")
    assert unknown[0].notice and "/help" in unknown[0].text
    huge = await say(app, "why " * 400)
    assert huge[0].notice and "too long" in huge[0].text


async def test_plain_text_in_a_dm_is_a_question(app: App) -> None:
    replies = await say(app, "what are hip dips?")
    assert replies[0].title is not None
    assert not replies[0].notice


async def test_disclaimer_is_shown_once_per_user(app: App) -> None:
    first = await say(app, "/faq what are hip dips")
    second = await say(app, "/faq what are hip dips")
    assert [reply.text for reply in first].count(DISCLAIMER) == 1
    assert DISCLAIMER not in [reply.text for reply in second]


async def test_help_carries_the_disclaimer_and_counts_as_shown(app: App) -> None:
    helped = await say(app, "/help")
    assert DISCLAIMER in helped[0].text and len(helped) == 1
    after = await say(app, "/faq what are hip dips")
    assert DISCLAIMER not in [reply.text for reply in after]


async def test_stop_holds_until_the_user_writes_again(app: App) -> None:
    athlete = await app.services.athletes.identify(USER)
    await say(app, "/stop")
    assert await app.services.athletes.dms_stopped(athlete) is True
    await say(app, "/help")
    assert await app.services.athletes.dms_stopped(athlete) is False


async def test_a_long_message_in_crisis_still_gets_the_caring_answer(app: App) -> None:
    story = "I have been training for months and nothing changes. " * 25
    replies = await say(app, story + " Honestly I want to kill myself.")
    assert len(story) > 1000
    assert "988" in replies[0].text or "emergency" in replies[0].text.lower()
    plain = await say(app, story)
    assert plain[0].notice and "too long" in plain[0].text


async def test_moving_timezone_in_the_profile_moves_the_checkins(app: App) -> None:
    await say(app, "/checkins on mon,wed,fri 18:00 Europe/Berlin")
    await say(app, "/profile timezone America/New_York")
    shown = await say(app, "/checkins")
    assert "18:00 (America/New_York)" in shown[0].text
    athlete = await app.services.athletes.identify(USER)
    schedule = await app.services.checkins.schedule(athlete)
    assert schedule is not None and schedule.next_due_at is not None
    assert schedule.next_due_at.astimezone(ZoneInfo("America/New_York")).hour == 18


async def test_a_command_followed_by_a_new_line_still_works(app: App) -> None:
    replies = await say(app, "/faq\nwhat are hip dips?")
    assert replies[0].title == "What are hip dips?"


async def test_long_answer_has_a_more_button_and_a_readable_source_line(app: App) -> None:
    answer = (await say(app, "what about surgery or fat grafting for hip dips?"))[0]
    assert "Source" in answer.text and ".txt" not in answer.text
    (more,) = answer.buttons[0]
    rest = await press(app, more.action)
    assert rest[0].text and rest[0].text not in answer.text


async def test_a_question_in_spanish_gets_the_spanish_answer(app: App) -> None:
    answer = (await say(app, "¿qué ejercicios son buenos para los hip dips?"))[0]
    assert answer.title == "¿Cuáles son los mejores ejercicios para los hip dips?"
    assert "Todavía no tengo" not in answer.text and "Relacionadas:" in answer.text
