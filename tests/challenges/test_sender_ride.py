"""The memberships a log credits, read with the sender's row, are exactly those read alone."""

from __future__ import annotations

from datetime import timedelta

from bot.bootstrap import App
from bot.challenges.credits import SESSION_KINDS
from bot.clock import ManualClock
from bot.types import Platform

from .helpers import in_group, in_private, mod, say

CREATE = 'challenge create "{name}" {metric} 2026-03-02 2026-03-29'


async def _joined(app: App, name: str, metric: str = "sessions", group: str = "1001") -> None:
    assert "is on" in await mod(app, CREATE.format(name=name, metric=metric), group=group)
    assert "joined" in await say(app, in_group(f'challenge join "{name}"', group=group))


async def test_the_memberships_read_with_the_sender_are_those_read_alone(
    app: App, clock: ManualClock
) -> None:
    await _joined(app, "March")
    await _joined(app, "Clams", metric="reps:clamshell")  # another metric
    await _joined(app, "Side", group="2002")  # another group
    await _joined(app, "Gone")
    assert "left" in await say(app, in_group('challenge leave "Gone"'))  # hidden
    await _joined(app, "Over")
    assert "is over" in await mod(app, 'challenge end "Over"')
    clock.advance(timedelta(minutes=1))
    now, user = clock.now(), in_private("x").user
    athlete = await app.services.athletes.identify(user)
    expected = {None: ["March", "Side"], (str(Platform.DISCORD), "1001"): ["March"]}
    for scope, names in expected.items():
        async with app.uow() as uow:
            ridden = uow.credits.memberships_with_sender(now, SESSION_KINDS, scope)
            sender, _ = await app.services.athletes.sender_in(uow, user)
            assert sender.athlete_id == athlete
            read = await ridden.rows_for(athlete)
            alone = await uow.credits.memberships_to_credit(athlete, now, SESSION_KINDS, scope)
        assert read == alone and [member.challenge.name for member in read] == names
    async with app.uow() as uow:  # no sender read in between: read alone, still right
        ridden = uow.credits.memberships_with_sender(now, SESSION_KINDS)
        read = await ridden.rows_for(athlete)
    assert [member.challenge.name for member in read] == ["March", "Side"]
