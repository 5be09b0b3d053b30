"""`link`: one athlete across platforms, through the router, on both backends."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.events import AthletesMerged
from bot.ports import UnitOfWork
from bot.types import Incoming, Platform, Reply, UserRef
from tests.accounts.support import dm, say, text_of, user

DANA = user(Platform.DISCORD, "1001", "Dana")
TOM = user(Platform.TELEGRAM, "2002", "Tom")


async def _code(app: App, who: UserRef = DANA) -> str:
    replies = await say(app, who, "/link")
    assert replies[0].private and not replies[0].notice
    found = re.search(r"/link ([A-Z2-9]{6})", replies[0].text)  # in any language
    assert found, replies[0].text
    return found.group(1)


def _notice(replies: list[Reply]) -> str:
    assert len(replies) == 1 and replies[0].notice, replies
    return replies[0].text


async def test_a_code_from_discord_joins_the_telegram_account(app: App, clock: ManualClock) -> None:
    await say(app, DANA, "/profile goal soften")
    clock.advance(timedelta(minutes=1))
    await say(app, TOM, "/profile goal strength")
    await say(app, TOM, "/log sessions 2")
    code = await _code(app)

    replies = await say(app, TOM, f"/link {code.lower()}")
    assert "Linked" in replies[0].text and replies[0].private
    assert "Discord (Dana)" in replies[0].text and "Telegram (Tom)" in replies[0].text

    athletes = app.services.athletes
    one = await athletes.identify(DANA)
    assert await athletes.identify(TOM) == one
    assert (await athletes.profile(one)).goal == "soften"  # the older athlete wins conflicts
    export = json.loads(await app.services.privacy.export(one))
    assert [row["amount"] for row in export["tables"]["training_logs"]] == [2]  # history kept
    assert "Discord (Dana), Telegram (Tom)" in text_of(await say(app, TOM, "/link"))


async def test_codes_work_once(app: App) -> None:
    code = await _code(app)
    await say(app, TOM, f"/link {code}")
    later = user(Platform.CONSOLE, "local", "me")
    assert "already used" in _notice(await say(app, later, f"/link {code}"))


async def test_linking_twice_says_so(app: App) -> None:
    await say(app, TOM, f"/link {await _code(app)}")
    assert "already linked" in _notice(await say(app, TOM, f"/link {await _code(app)}"))


async def test_expired_codes_are_refused_and_change_nothing(app: App, clock: ManualClock) -> None:
    code = await _code(app)
    clock.advance(timedelta(minutes=10, seconds=1))
    assert "expired" in _notice(await say(app, TOM, f"/link {code}"))
    athletes = app.services.athletes
    assert await athletes.identify(DANA) != await athletes.identify(TOM)


async def test_wrong_codes_are_limited_to_five_an_hour(app: App, clock: ManualClock) -> None:
    assert "letters and digits" in _notice(await say(app, TOM, "/link hello!"))  # not a guess
    for _ in range(5):
        assert "not right" in _notice(await say(app, TOM, "/link ABCDEF"))
    code = await _code(app)
    assert "wait 60 minutes" in _notice(await say(app, TOM, f"/link {code}"))
    clock.advance(timedelta(minutes=61))
    assert "Linked" in text_of(await say(app, TOM, f"/link {await _code(app)}"))


async def test_one_account_per_platform(app: App) -> None:
    other = user(Platform.DISCORD, "1003", "Dee")
    assert "/link remove discord" in _notice(await say(app, other, f"/link {await _code(app)}"))


async def test_unlinking_splits_the_account_off(app: App) -> None:
    await say(app, DANA, "/profile goal emphasize")
    await say(app, TOM, f"/link {await _code(app)}")
    assert "only account" not in text_of(await say(app, DANA, "/link remove telegram"))
    athletes = app.services.athletes
    dana, tom = await athletes.identify(DANA), await athletes.identify(TOM)
    assert dana != tom
    assert (await athletes.profile(dana)).goal == "emphasize"  # the data stays
    assert (await athletes.profile(tom)).goal is None  # the split account starts empty
    assert "No Telegram account" in _notice(await say(app, DANA, "/link remove telegram"))
    assert "only account" in _notice(await say(app, DANA, "/link remove discord"))
    assert "one of: console" in _notice(await say(app, DANA, "/link remove myspace"))


async def test_features_recompute_after_a_merge(app: App, clock: ManualClock) -> None:
    calls: list[tuple[int, int]] = []

    async def after_merge(uow: UnitOfWork, merged: AthletesMerged) -> None:
        assert await uow.athletes.get(merged.dropped) is None  # after the move, same transaction
        calls.append((merged.athlete_id, merged.dropped))

    app.events.on(AthletesMerged, after_merge)
    tom = await app.services.athletes.identify(TOM)
    clock.advance(timedelta(seconds=1))
    dana = await app.services.athletes.identify(DANA)
    await say(app, TOM, f"/link {await _code(app)}")  # the code's owner is the younger one
    assert calls == [(tom, dana)]


async def test_link_says_where_checkins_go(app: App) -> None:
    await say(app, TOM, f"/link {await _code(app)}")
    assert "Check-ins: off" in text_of(await say(app, DANA, "/link"))
    assert not (await say(app, TOM, "/checkins on mon,thu 18:00 UTC"))[0].notice
    assert "Check-ins go to: Telegram" in text_of(await say(app, DANA, "/link"))


async def test_linked_accounts_speak_the_older_athletes_language(
    app: App, clock: ManualClock
) -> None:
    await app.router.handle(Incoming(DANA, dm(DANA), text="/profile goal soften", locale="es-ES"))
    clock.advance(timedelta(minutes=1))
    await app.router.handle(Incoming(TOM, dm(TOM), text="/profile", locale="pt-br"))
    code = await _code(app)
    await say(app, TOM, f"/link {code}")
    replies = await app.router.handle(Incoming(TOM, dm(TOM), text="/help", locale="pt-br"))
    assert replies[0].title == "Ayuda de hipcoach"  # Dana's Spanish, on Telegram too
