"""One context load per message: units of work opened per message, counted on the real ones."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.router import DISCLAIMER
from bot.storage.uow import SqlUnitOfWork
from bot.types import ChatRef, Incoming, Platform, Reply, UserRef
from tests.challenges.helpers import in_private
from tests.challenges.helpers import say as say_in
from tests.challenges.test_answer_credit import _lateral_march_checkin
from tests.challenges.test_undo import _board

USER = UserRef(Platform.TELEGRAM, "701", "Ines")
DM = ChatRef(Platform.TELEGRAM, "701", "private")
NOTICE = "I couldn't reach you by direct message"


def _press(checkin_id: int, answer: str, user: str = "11", name: str = "Alice") -> Incoming:
    """A check-in button pressed in the athlete's private chat (Discord, as in tests/challenges)."""
    who = UserRef(Platform.DISCORD, user, name)
    chat = ChatRef(Platform.DISCORD, "dm" + user, "private")
    return Incoming(who, chat, action=f"ci:{checkin_id}:{answer}")


class Opened:
    """Counts the units of work the application opens (a wrapper around the real ones)."""

    def __init__(self) -> None:
        self.count = 0

    def take(self) -> int:
        count, self.count = self.count, 0
        return count


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[Opened]:
    counter = Opened()
    enter = SqlUnitOfWork.__aenter__

    async def counting_enter(self: SqlUnitOfWork) -> Any:
        counter.count += 1
        return await enter(self)

    monkeypatch.setattr(SqlUnitOfWork, "__aenter__", counting_enter)
    yield counter


async def say(app: App, text: str) -> list[Reply]:
    return await app.router.handle(Incoming(USER, DM, text=text))


def texts(replies: list[Reply]) -> list[str]:
    return [reply.text for reply in replies]


async def test_a_question_from_a_returning_user_opens_one_unit_of_work(
    app: App, opened: Opened
) -> None:
    first = await say(app, "what are hip dips?")
    assert texts(first).count(DISCLAIMER) == 1
    assert opened.take() == 2  # the context load (a new athlete) and marking the disclaimer
    for question in ("what are hip dips?", "/faq can I change my hip shape?"):
        replies = await say(app, question)
        assert DISCLAIMER not in texts(replies) and replies[0].text
        assert opened.take() == 1  # was 3: identify, first disclaimer, unreachable notice


async def test_a_profile_edit_is_the_load_and_its_own_write(app: App, opened: Opened) -> None:
    await say(app, "/help")  # carries the disclaimer: marked seen, not shown again
    opened.take()
    replies = await say(app, "/profile goal soften days 3 level beginner")
    assert len(replies) == 1 and "Days per week: 3" in replies[0].text
    assert opened.take() == 2  # was 4 for one field; 3N+1 for N fields sent from Discord


async def test_the_unreachable_notice_is_shown_once_and_cleared_in_one_write(
    app: App, opened: Opened
) -> None:
    await say(app, "/help")
    await say(app, "/checkins on mon,wed 18:00 Europe/Berlin")
    assert await app.services.reach.recipient_blocked(Platform.TELEGRAM, USER.external_id)
    opened.take()
    replies = await say(app, "what are hip dips?")
    assert [text for text in texts(replies) if NOTICE in text] and replies[-1].private
    assert opened.take() == 2  # the load, then one write taking the notice
    assert not [text for text in texts(await say(app, "what are hip dips?")) if NOTICE in text]
    assert opened.take() == 1


async def test_checkins_shows_the_pending_notice_first_and_only_once(app: App) -> None:
    await say(app, "/help")
    await say(app, "/checkins on mon,wed 18:00 Europe/Berlin")
    await app.services.reach.recipient_blocked(Platform.TELEGRAM, USER.external_id)
    replies = texts(await say(app, "/checkins"))
    assert NOTICE in replies[0] and sum(NOTICE in text for text in replies) == 1
    assert "paused" in replies[1]


async def test_a_log_and_a_checkin_answer_read_the_sender_in_their_own_unit_of_work(
    app: App, clock: ManualClock, opened: Opened
) -> None:
    checkin_id = await _lateral_march_checkin(app, clock)
    opened.take()
    logged = await say_in(app, in_private("log reps clamshell 12"))
    assert logged.startswith("Logged 12 clamshell reps.")
    assert opened.take() == 1  # was 2: the context load, then the log
    done = await say_in(app, _press(checkin_id, "done"))
    assert "Your answer: Done." in done
    assert opened.take() == 1  # was 2: the context load, then the answer with its credit
    assert await _board(app, "Lateral March") == ["🥇  1. Alice — 1 ← you"]


def _selects(app: App) -> list[str]:
    """The SELECT statements the app sends from now on (a live list)."""
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append(statement)

    event.listen(app.engine.sync_engine, "before_cursor_execute", record)
    return sent


async def test_a_log_and_a_checkin_answer_read_the_sender_with_the_rows_they_act_on(
    app: App, clock: ManualClock
) -> None:
    """The memberships a log credits and the check-ins an answer reads come with the sender's
    row: one SELECT for both (bot/storage/riders.py); the memberships the Done's credit reads
    (another feature's handler, after the answer) ride there too, by the check-in's moment."""
    checkin_id = await _lateral_march_checkin(app, clock)
    selects = _selects(app)
    logged = await say_in(app, in_private("log sessions 1"))
    assert logged.startswith("Logged 1 session.") and "Lateral March (now 1)" in logged
    assert len(selects) == 1 and "challenge_members" in selects[0]
    selects.clear()
    done = await say_in(app, _press(checkin_id, "done"))
    assert "Your answer: Done." in done
    assert len(selects) == 1 and "checkins.scheduled_at" in selects[0]
    assert "challenge_members" in selects[0]
    assert await _board(app, "Lateral March") == ["🥇  1. Alice — 2 ← you"]


async def test_first_contact_through_a_log_or_a_stale_button_keeps_the_athlete(
    app: App, opened: Opened
) -> None:
    """The sender's first-contact writes go with the command's unit of work: kept with a log;
    with a refused button press rolled back, then made by the refusal's own context load."""
    replies = await app.router.handle(in_private("log sessions 2", user="31", name="Noor"))
    assert texts(replies)[0] == "Logged 2 sessions." and texts(replies).count(DISCLAIMER) == 1
    second = texts(await app.router.handle(in_private("log sessions 1", user="31", name="Noor")))
    assert second == ["Logged 1 session."]  # the same athlete: the disclaimer was shown once
    stale = await app.router.handle(_press(999, "done", user="32", name="Ola"))
    assert texts(stale) == [
        "That check-in button has expired. Send /checkins to see your schedule."
    ]
    again = await app.router.handle(in_private("log sessions 1", user="32", name="Ola"))
    assert texts(again)[0] == "Logged 1 session." and texts(again).count(DISCLAIMER) == 1
