"""The console chat survives a failure in the core and keeps the session going."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.bootstrap import App
from handlers.console.chat import chat_loop


def scripted(lines: list[str]) -> object:
    feed: Iterator[str] = iter(lines)

    def read_line(_prompt: str) -> str:
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    return read_line


async def test_a_broken_database_gets_an_apology_not_a_crash(app: App, tmp_path: Path) -> None:
    async with app.engine.begin() as connection:
        await connection.execute(text("DROP TABLE profiles"))
    written: list[str] = []
    await chat_loop(
        app.router,
        read_line=scripted(["profile goal soften", "what are hip dips", "quit"]),  # type: ignore[arg-type]
        write=written.append,
        folder=tmp_path,
    )
    assert any(line.startswith("Sorry, something went wrong") for line in written)
    assert any("What are hip dips?" in line for line in written)  # the session went on


async def test_the_console_labels_follow_a_language_change(
    app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    written: list[str] = []
    await chat_loop(
        app.router,
        read_line=scripted(["profile language es", "mydata", "quit"]),  # type: ignore[arg-type]
        write=written.append,
        folder=tmp_path,
        catalog=app.services.catalog,
    )
    assert written[0] == "hipcoach console — type help, a question, or quit."
    assert any(line.startswith("(guardado en ") for line in written)
