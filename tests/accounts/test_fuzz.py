"""Fuzzing the core router: every registered command with random arguments, and buttons.

No exception may escape `router.handle`, and a refusal (only notice replies) must leave
every table exactly as it was. Tables marked `info={"refusal_audit": True}` (wrong link
codes, which are recorded on purpose to limit guessing) are the documented exception.
The cheap pure layer (command splitting, code and log parsing) gets thousands of texts;
the full router gets a few hundred calls on one bootstrapped app on SQLite.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.accounts.rules import normalize_code
from bot.bootstrap import App, bootstrap
from bot.clock import ManualClock
from bot.errors import BadInput
from bot.router import split_command
from bot.settings import load_settings
from bot.training_log.commands import parse_log
from bot.types import ChatRef, Incoming, Platform, UserRef
from tests.accounts.support import snapshot

WORD_TEXT = (
    "create end join leave list settings timezone modrole on off snooze show sessions reps "
    "remove confirm cancel goal equipment level days avoid soften emphasize strength none "
    "bands dumbbells gym beginner advanced knee back hip mon tue wed,fri mon,wed,fri sun,sun "
    "18:00 07:30 24:00 9:7 UTC Europe/Berlin America/New_York Mars/Olympus ../etc 2026-03-02 "
    "2026-03-09 2026-02-30 1999-01-01 9999-12-31 reps:glute_bridge reps:nope streak "
    "channel=555 channel=abc 0 1 2 3 -1 1000 1001 99999999999999999999 discord telegram console "
    'ABCDEF K7M3QX "March hips" "" \\" \' @everyone <@123> 🍑 \x00'
)
WORDS = WORD_TEXT.split(" ")

USERS = (
    UserRef(Platform.CONSOLE, "local", "me"),
    UserRef(Platform.DISCORD, "7001", "Dana"),
    UserRef(Platform.TELEGRAM, "8001", "Tom"),
)
GROUPS = (
    ChatRef(Platform.DISCORD, "9009", "group", "Hip Gym", channel_id="555"),
    ChatRef(Platform.TELEGRAM, "-100", "group", "Glute crew", channel_id="-100"),
)

token = st.one_of(
    st.sampled_from(WORDS),
    st.text(max_size=25),
    st.integers(min_value=-(10**6), max_value=10**12).map(str),
    st.integers(min_value=2**62, max_value=10**30).map(str),  # past any database integer
)
arguments = st.lists(token, max_size=7).map(" ".join)


def test_pure_layer_survives_thousands_of_texts() -> None:
    @settings(max_examples=2000, deadline=None, database=None)
    @given(st.one_of(st.text(max_size=300), arguments), st.booleans())
    def check(text: str, slash_optional: bool) -> None:
        name, rest = split_command(text, slash_optional=slash_optional)
        assert name is None or (name == name.lower() and " " not in name)
        for parse in (normalize_code, lambda t: parse_log(t, frozenset({"glute_bridge"}))):
            try:
                parse(rest)
            except BadInput as error:
                assert error.user_message and len(error.user_message) < 300

    check()


def test_router_never_crashes_and_refusals_store_nothing(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'fuzz.db'}"
    clock = ManualClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    with asyncio.Runner() as runner:
        app = runner.run(_app(url, clock))
        try:
            names = [c.name for c in app.router.registry.catalogue()]
            names += [a for c in app.router.registry.catalogue() for a in c.aliases]
            prefixes = sorted(app.router.registry.actions)
            lines = st.tuples(
                st.sampled_from(["/", "", "/"]),
                st.sampled_from(names),
                st.sampled_from(["", "@hipcoach_bot"]),
                arguments,
            ).map(lambda p: f"{p[0]}{p[1]}{p[2]} {p[3]}")
            texts = st.one_of(
                lines, lines, st.text(max_size=40), st.text(min_size=990, max_size=1100)
            )
            actions = st.one_of(
                st.tuples(st.sampled_from(prefixes), st.lists(token, max_size=3)).map(
                    lambda p: ":".join([p[0], *p[1]])
                ),
                st.text(max_size=80),
            )
            chats = st.one_of(st.none(), st.sampled_from(GROUPS))

            @settings(
                max_examples=250,
                deadline=None,
                database=None,
                suppress_health_check=[HealthCheck.too_slow],
            )
            @given(
                st.sampled_from(USERS),
                chats,
                st.one_of(texts.map(lambda t: (t, None)), actions.map(lambda a: ("", a))),
                st.booleans(),
            )
            def check(
                who: UserRef, group: ChatRef | None, message: tuple[str, str | None], mod: bool
            ) -> None:
                text, action = message
                chat = group or ChatRef(who.platform, who.external_id, "private")
                if group is not None and group.platform != who.platform:
                    chat = ChatRef(who.platform, group.external_id, "group", group.title, "555")
                incoming = Incoming(who, chat, text=text, action=action, is_moderator=mod)
                runner.run(_one(app, clock, incoming))

            # Deterministic edges for every command and button, on top of the random ones.
            edges = [f"/{name} {arg}" for name in names for arg in ("", str(2**63), "x" * 200)]
            edges += [f"{prefix}:{part}:1" for prefix in prefixes for part in (str(2**63), "-1")]
            for edge in edges:
                message = ("", edge) if ":" in edge and not edge.startswith("/") else (edge, None)
                check = example(USERS[2], None, message, False)(check)
            check()
        finally:
            runner.run(app.aclose())


async def _app(url: str, clock: ManualClock) -> App:
    app_settings = load_settings(
        database_url=url, discord_token=None, telegram_token=None, _env_file=None
    )
    return await bootstrap(app_settings, clock=clock, migrate=True)


async def _one(app: App, clock: ManualClock, incoming: Incoming) -> None:
    clock.advance(timedelta(seconds=4))  # stay under the rate limit so commands really run
    athletes = app.services.athletes
    for who in USERS:  # exist (again, after a fuzzed `forget`) and have seen the disclaimer
        private = ChatRef(who.platform, who.external_id, "private")
        await athletes.first_disclaimer(await athletes.identify(who, private))
    async with app.engine.connect() as connection:
        before = await snapshot(connection)
    replies = await app.router.handle(incoming)
    if replies and all(reply.notice for reply in replies):
        async with app.engine.connect() as connection:
            after = await snapshot(connection)
        changed = [name for name in before if before[name] != after[name]]
        assert not changed, (incoming, replies[0].text, changed)
