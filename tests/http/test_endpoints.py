"""/healthz, /readyz and /metrics as an operator or an orchestrator sees them."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest

from bot.bootstrap import App, bootstrap
from bot.clock import ManualClock
from bot.runtime import build_http_server
from bot.settings import load_settings
from bot.types import Platform
from tests.checkins.support import seed_due
from tests.http.conftest import Webhooked
from tests.http.support import SECRET, SECRET_HEADER, WEBHOOK_PATH, free_port, message_update
from tests.telegram.fake_bot_api import FakeUser


class Adapter:
    """A platform runner as /readyz sees it: connected or not."""

    def __init__(self, connected: bool) -> None:
        self.platform = Platform.DISCORD
        self.sender = None
        self.connected = connected


async def _get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as client, client.get(url) as response:
        return response.status, await response.text()


async def _serve(app: App, adapters: list[Adapter]) -> AsyncIterator[str]:
    server = build_http_server(app, adapters)  # type: ignore[arg-type]
    assert server is not None
    await server.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        await server.stop()


async def _app(url: str, clock: ManualClock) -> App:
    settings = load_settings(
        database_url=url, telegram_token=None, http_port=free_port(), _env_file=None
    )
    return await bootstrap(settings, clock=clock)


@pytest.fixture
async def served(migrated_url: str, clock: ManualClock) -> AsyncIterator[tuple[App, str]]:
    """A migrated app with a connected adapter, served on a free port."""
    app = await _app(migrated_url, clock)
    try:
        async for base in _serve(app, [Adapter(connected=True)]):
            yield app, base
    finally:
        await app.aclose()


async def test_health_and_readiness_answer_200_when_all_is_well(served: tuple[App, str]) -> None:
    _, base = served
    assert await _get(base + "/healthz") == (200, '{"status": "alive"}')
    assert await _get(base + "/readyz") == (200, '{"status": "ready"}')


async def test_readiness_fails_while_the_database_is_unreachable(
    clock: ManualClock, tmp_path: Path
) -> None:
    port = free_port()  # nothing listens there: the connection is refused
    app = await _app(f"postgresql+asyncpg://hipcoach@127.0.0.1:{port}/hipcoach", clock)
    try:
        async for base in _serve(app, [Adapter(connected=True)]):
            status, body = await _get(base + "/readyz")
            assert status == 503
            assert '"reason": "database unreachable' in body
            assert (await _get(base + "/healthz"))[0] == 200  # alive all the same
    finally:
        await app.aclose()


async def test_readiness_fails_until_migrations_are_at_head(
    clock: ManualClock, tmp_path: Path
) -> None:
    app = await _app(f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}", clock)
    try:
        async for base in _serve(app, [Adapter(connected=True)]):
            assert await _get(base + "/readyz") == (
                503,
                '{"status": "not ready", "reason": "database migrations are not at head"}',
            )
    finally:
        await app.aclose()


async def test_readiness_fails_while_a_platform_is_not_connected(
    migrated_url: str, clock: ManualClock
) -> None:
    app = await _app(migrated_url, clock)
    try:
        async for base in _serve(app, [Adapter(connected=False)]):
            status, body = await _get(base + "/readyz")
            assert status == 503 and "not connected: discord" in body
    finally:
        await app.aclose()


async def test_metrics_show_the_backlog_and_the_leader_gauge(
    served: tuple[App, str], migrated_url: str, clock: ManualClock
) -> None:
    app, base = served
    await seed_due(migrated_url, 3, clock.now() - timedelta(seconds=90))
    app.metrics.set_leader(True)
    status, text = await _get(base + "/metrics")
    assert status == 200
    assert _value(text, "hipcoach_due_checkins") == 3
    assert _value(text, "hipcoach_dispatch_lag_seconds") == 90
    assert _value(text, "hipcoach_leader") == 1
    assert _value(text, 'hipcoach_send_errors_total{kind="429",platform="telegram"}') == 0


async def test_metrics_count_a_command_after_it_is_answered(webhooked: Webhooked) -> None:
    text = await _metrics_after_help(webhooked, FakeUser(601, "Anna"))
    assert _value(text, 'hipcoach_updates_received_total{platform="telegram"}') == 1
    assert _value(text, 'hipcoach_command_seconds_count{command="help"}') == 1
    assert _value(text, 'hipcoach_replies_sent_total{platform="telegram",purpose="reply"}') >= 1
    assert "# TYPE hipcoach_command_seconds histogram" in text


async def _metrics_after_help(hooked: Webhooked, user: FakeUser) -> str:
    """Post /help from `user` through the webhook, wait until it is handled, read /metrics."""
    async with hooked.client.post(
        hooked.base + WEBHOOK_PATH,
        json=message_update(1, user, "/help"),
        headers={SECRET_HEADER: SECRET},
    ) as response:
        assert response.status == 200
    await hooked.fake.wait_for_call("sendMessage", user.id)
    await hooked.runner.application.update_queue.join()  # the update is fully handled
    return (await _get(hooked.base + "/metrics"))[1]


def _value(text: str, sample: str) -> float:
    """The value of one sample line in Prometheus' text format."""
    match = re.search(rf"^{re.escape(sample)} (\S+)$", text, re.MULTILINE)
    assert match is not None, f"{sample} not in the metrics"
    return float(match.group(1))


@pytest.mark.parametrize(
    ("status", "description", "kind"),
    [
        (403, "Forbidden: bot was blocked by the user", "403"),
        (502, "Bad Gateway", "5xx"),
        (400, "Bad Request: message is too long", "other"),
    ],
)
async def test_metrics_count_a_failed_reply_by_kind(
    webhooked: Webhooked, status: int, description: str, kind: str
) -> None:
    webhooked.fake.fail_next("sendMessage", status, description)
    text = await _metrics_after_help(webhooked, FakeUser(602, "Bruno"))
    assert _value(text, f'hipcoach_send_errors_total{{kind="{kind}",platform="telegram"}}') == 1
    others = [k for k in ("429", "403", "5xx", "timeout", "other") if k != kind]
    for other in others:
        sample = f'hipcoach_send_errors_total{{kind="{other}",platform="telegram"}}'
        assert _value(text, sample) == 0
