"""`mydata`, `forget` and `stop` through the router, on both backends."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.types import ChatRef, Incoming, Platform, Reply
from tests.accounts.support import (
    Filler,
    orphans,
    press,
    rows_about,
    say,
    text_cells,
    text_of,
    user,
)

DANA = user(Platform.DISCORD, "3001", "Dana")
EVE = user(Platform.DISCORD, "3002", "Eve Secretname")
TOM = user(Platform.TELEGRAM, "4001", "Tom")
GUILD = ChatRef(Platform.DISCORD, "9009", "group", "Hip Gym", channel_id="555")


async def _in_group(app: App, who: object, text: str, moderator: bool = False) -> list[Reply]:
    incoming = Incoming(who, GUILD, text=text, is_moderator=moderator)  # type: ignore[arg-type]
    return await app.router.handle(incoming)


async def _challenge_with_two_members(app: App) -> None:
    created = await _in_group(
        app, EVE, '/challenge create "March hips" sessions 2026-03-02 2026-03-30', True
    )
    assert not created[0].notice, created
    for who in (DANA, EVE):
        assert not (await _in_group(app, who, '/challenge join "March hips"'))[0].notice
        assert not (await _in_group(app, who, "/log sessions 1"))[0].notice


async def test_mydata_sends_everything_about_me_and_nothing_about_others(app: App) -> None:
    await say(app, DANA, "/profile goal soften")
    await _challenge_with_two_members(app)
    await say(app, DANA, "/link")

    replies = await _in_group(app, DANA, "/mydata")  # ephemeral on Discord, so fine in a server
    reply = replies[0]
    assert reply.private and not reply.notice
    (attachment,) = reply.attachments
    assert (attachment.filename, attachment.mime_type) == (
        "hipcoach-mydata.json",
        "application/json",
    )
    data = json.loads(attachment.data)
    tables = data["tables"]
    assert [(a["platform"], a["external_id"]) for a in tables["platform_accounts"]] == [
        ("discord", "3001")
    ]
    assert tables["profiles"][0]["goal"] == "soften"
    assert [m["challenge_name"] for m in tables["challenge_members"]] == ["March hips"]
    assert [log["amount"] for log in tables["training_logs"]] == [1]
    assert tables["link_codes"] and "code_hash" not in tables["link_codes"][0]
    raw = attachment.data.decode()
    assert "Eve" not in raw and "3002" not in raw  # the other member stays out


async def test_forget_asks_first_and_cancel_keeps_everything(app: App) -> None:
    await say(app, DANA, "/profile goal soften")
    ask = (await say(app, DANA, "/forget"))[0]
    actions = [button.action for row in ask.buttons for button in row]
    assert actions == ["forget:confirm", "forget:cancel"] and ask.private
    cancelled = (await press(app, DANA, "forget:cancel"))[0]
    assert cancelled.edit and "nothing was deleted" in cancelled.text.lower()
    athlete = await app.services.athletes.identify(DANA)
    assert (await app.services.athletes.profile(athlete)).goal == "soften"
    assert "/forget confirm" in (await say(app, DANA, "/forget now"))[0].text
    assert (await press(app, DANA, "forget:maybe"))[0].notice


async def test_forget_removes_every_row_on_every_linked_platform(
    app: App, clock: ManualClock
) -> None:
    await say(app, DANA, "/profile goal soften")
    await _challenge_with_two_members(app)
    code = text_of(await say(app, DANA, "/link")).split("link code: ")[1][:6]
    assert "Linked" in text_of(await say(app, TOM, f"/link {code}"))
    await say(app, TOM, "/link ZZZZZZ")  # a failed attempt row too
    dana = await app.services.athletes.identify(DANA)
    eve = await app.services.athletes.identify(EVE)
    async with app.engine.begin() as connection:
        await Filler().fill(connection, dana)  # whatever tables features added since
        before = await rows_about(connection, dana)
        eve_before = await rows_about(connection, eve)
    assert all(count >= 1 for count in before.values()), before

    confirmed = (await press(app, TOM, "forget:confirm"))[0]
    assert confirmed.edit and "deleted" in confirmed.text

    async with app.engine.connect() as connection:
        after = await rows_about(connection, dana)
        assert set(after) == set(before) and not any(after.values()), after
        assert not any((await orphans(connection)).values())
        cells = await text_cells(connection)
    for identifier in ("3001", "4001", "Dana", "Tom"):
        assert not any(identifier in cell for cell in cells), identifier
    board = text_of(await _in_group(app, EVE, '/leaderboard "March hips"'))
    assert "Dana" not in board and "Eve" in board
    assert (await app.services.athletes.profile(eve)) is not None
    async with app.engine.connect() as connection:
        assert await rows_about(connection, eve) == eve_before  # the other member is untouched
    # Writing again starts fresh: a new, empty athlete.
    fresh = await app.services.athletes.identify(DANA)
    assert fresh != dana and (await app.services.athletes.profile(fresh)).goal is None


async def test_forget_confirm_in_text(app: App) -> None:
    await say(app, DANA, "/profile goal soften")
    assert "deleted" in text_of(await say(app, DANA, "/forget confirm"))
    assert (
        await app.services.athletes.profile(await app.services.athletes.identify(DANA))
    ).goal is None


class RecordingSender:
    """The platform edge: remembers every DM instead of calling an API."""

    def __init__(self) -> None:
        self.dms: list[tuple[str, Reply]] = []

    async def send_dm(self, user_external_id: str, reply: Reply) -> None:
        """Record a DM."""
        self.dms.append((user_external_id, reply))

    async def send_channel(self, channel_id: str, reply: Reply) -> None:
        """Channel posts are not DMs; ignore them."""


async def _tick_all(app: App) -> None:
    for job in app.periodic_jobs:
        await job.run()


async def test_stop_turns_off_dms_until_the_user_writes_again(app: App, clock: ManualClock) -> None:
    athletes = app.services.athletes
    athlete = await athletes.identify(TOM)
    assert "won't message you" in text_of(await say(app, TOM, "/stop"))
    assert await athletes.dms_stopped(athlete)
    await say(app, TOM, "/profile")  # writing again lifts it
    assert not await athletes.dms_stopped(athlete)


async def test_stop_silences_the_checkin_dispatcher(app: App, clock: ManualClock) -> None:
    if "checkins" not in app.router.registry.commands:
        pytest.skip("check-ins are not wired into bootstrap yet (issue 5)")
    sender = RecordingSender()
    app.senders[Platform.TELEGRAM] = sender
    await say(app, TOM, "/profile goal soften")
    on = await say(app, TOM, "/checkins on mon,tue,wed,thu,fri,sat,sun 10:00 UTC")
    assert not on[0].notice, on
    await say(app, TOM, "/stop")
    clock.advance(timedelta(hours=1, minutes=1))  # 10:01, just after each day's check-in
    for _ in range(3):  # three days of due check-ins while stopped
        await _tick_all(app)
        clock.advance(timedelta(days=1))
    assert sender.dms == []
    await say(app, TOM, "/profile")  # writes again
    await _tick_all(app)
    assert [who for who, _ in sender.dms] == ["4001"]
