"""Shared fixtures: a migrated database on SQLite and on a throwaway PostgreSQL server."""

from __future__ import annotations

import glob
import os
import shutil
import uuid
import warnings
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pytest_postgresql import factories
from pytest_postgresql.janitor import DatabaseJanitor
from sqlalchemy.engine import URL, make_url

from bot.clock import ManualClock
from bot.faq.service import FaqService, build_faq_service
from bot.settings import Settings, load_settings
from bot.storage import create_engine_for, upgrade_to_head
from tests.language_check import EnglishDetector, watch_replies, watch_sent

if TYPE_CHECKING:
    from bot.bootstrap import App

ROOT = Path(__file__).resolve().parent.parent


def _find_pg_ctl() -> str | None:
    found = shutil.which("pg_ctl")
    if found:
        return found
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return candidates[-1] if candidates else None


PG_CTL = _find_pg_ctl()
# CI sets this so a missing PostgreSQL fails loudly instead of skipping half the suite.
POSTGRES_REQUIRED = os.environ.get("HIPCOACH_REQUIRE_POSTGRES") == "1"

if PG_CTL is not None and os.geteuid() == 0:
    os.environ["HIPCOACH_PG_CTL"] = PG_CTL
    _pg_executable = str(ROOT / "tests" / "support" / "pg_ctl_as_postgres.sh")
else:
    _pg_executable = PG_CTL or "pg_ctl"

# A throwaway server: durability settings off, since nothing in it outlives the run.
postgresql_server = factories.postgresql_proc(
    executable=_pg_executable,
    host="127.0.0.1",
    postgres_options="-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
)

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database URL, once per backend."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
        return
    if PG_CTL is None:
        if POSTGRES_REQUIRED:
            pytest.fail("PostgreSQL is required (HIPCOACH_REQUIRE_POSTGRES=1) but not installed")
        pytest.skip("no PostgreSQL server binary on this machine")
    server = request.getfixturevalue("postgresql_server")
    name = f"hipcoach_{uuid.uuid4().hex[:12]}"
    with DatabaseJanitor(
        user=server.user, host=server.host, port=server.port, dbname=name, password=None
    ):
        yield f"postgresql+asyncpg://{server.user}@{server.host}:{server.port}/{name}"


async def _upgrade(url: str) -> None:
    engine = create_engine_for(url)
    try:
        await upgrade_to_head(engine)
    finally:
        await engine.dispose()


# Running every migration for each test cost 2-4 s per PostgreSQL test; instead each pytest
# process migrates one template per backend and every test gets a copy of it.
_TEMPLATES: dict[str, str] = {}


async def _sqlite_template(folder: Path) -> Path:
    if "sqlite" not in _TEMPLATES:
        path = folder / "template.db"
        await _upgrade(f"sqlite+aiosqlite:///{path}")
        _TEMPLATES["sqlite"] = str(path)
    return Path(_TEMPLATES["sqlite"])


async def _postgres_template(url: URL) -> str:
    key = f"postgresql:{url.host}:{url.port}"
    if key not in _TEMPLATES:
        name = "hipcoach_template"
        _admin(url, f'CREATE DATABASE "{name}"')
        await _upgrade(url.set(database=name).render_as_string(hide_password=False))
        _TEMPLATES[key] = name
    return _TEMPLATES[key]


def _admin(url: URL, *statements: str) -> None:
    import psycopg

    with psycopg.connect(
        host=url.host, port=url.port, user=url.username, dbname="postgres", autocommit=True
    ) as connection:
        for statement in statements:
            connection.execute(statement)


def _recreate_from(url: URL, template: str) -> None:
    """Replace the empty test database with a copy of the migrated template."""
    _admin(
        url,
        f'DROP DATABASE "{url.database}"',
        f'CREATE DATABASE "{url.database}" TEMPLATE "{template}"',
    )


@pytest.fixture
async def migrated_url(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database URL whose schema is at head (a copy of a template migrated once)."""
    url = make_url(database_url)
    if url.drivername == "sqlite+aiosqlite" and url.database:
        template = await _sqlite_template(tmp_path_factory.getbasetemp())
        shutil.copyfile(template, url.database)
    elif url.drivername == "postgresql+asyncpg":
        _recreate_from(url, await _postgres_template(url))
    else:
        await _upgrade(database_url)
    return database_url


@pytest.fixture
def clock() -> ManualClock:
    """A manual clock starting on a fixed Monday morning."""
    return ManualClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))


@pytest.fixture
def settings(migrated_url: str) -> Settings:
    """Settings pointing at the migrated test database, no tokens."""
    return load_settings(
        database_url=migrated_url, discord_token=None, telegram_token=None, _env_file=None
    )


@pytest.fixture(scope="session")
def faq_service() -> FaqService:
    """The knowledge base, loaded once per test process (it is immutable)."""
    return build_faq_service()


@pytest.fixture
async def app(
    settings: Settings, clock: ManualClock, faq_service: FaqService
) -> AsyncIterator[App]:
    """The fully wired core on a migrated database, on both backends."""
    from bot.bootstrap import bootstrap

    wired = await bootstrap(settings, clock=clock, faq=faq_service)
    try:
        yield wired
    finally:
        await wired.aclose()


@pytest.fixture(scope="session")
def english_detector() -> EnglishDetector:
    """One language detector per test process (its models load on first use)."""
    return EnglishDetector()


@pytest.fixture(autouse=True)
def replies_in_the_users_language(
    monkeypatch: pytest.MonkeyPatch, english_detector: EnglishDetector
) -> Iterator[None]:
    """Issue #19: no English left in a reply to a Spanish or Portuguese reader (any test)."""
    english_detector.findings.clear()
    watch_replies(monkeypatch, english_detector)
    watch_sent(monkeypatch, english_detector)
    yield
    found = [f"{f.language} reply to {f.command!r}: {f.line!r}" for f in english_detector.findings]
    if found and os.environ.get("HIPCOACH_LANGUAGE_CHECK") == "warn":
        warnings.warn("English left in a translated reply: " + "; ".join(found), stacklevel=1)
        return
    assert not found, "English left in a translated reply:\n" + "\n".join(found)
