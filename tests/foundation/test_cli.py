"""The `hipcoach` command line, run as a user would run it."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ASK_KEYS = {"kind", "topic", "title", "answer", "confidence", "related", "sources", "language"}


def hipcoach(
    tmp_path: Path, *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment,
        timeout=120,
    )


def test_help_explains_every_sub_command(tmp_path: Path) -> None:
    top = hipcoach(tmp_path, "--help")
    assert top.returncode == 0
    for verb in ("run", "chat", "check", "db", "ask", "program"):
        assert verb in top.stdout
        sub = hipcoach(tmp_path, verb, "--help")
        assert sub.returncode == 0, sub.stderr
        assert "usage: hipcoach " + verb in sub.stdout
    assert "upgrade" in hipcoach(tmp_path, "db", "--help").stdout


def _check_contract(obj: dict[str, object]) -> None:
    assert set(obj) == ASK_KEYS
    assert obj["kind"] in ("answer", "fallback", "safety")
    assert isinstance(obj["answer"], str) and obj["answer"]
    assert isinstance(obj["confidence"], float)
    assert isinstance(obj["related"], list) and isinstance(obj["sources"], list)
    assert obj["topic"] is None or isinstance(obj["topic"], str)
    assert obj["language"] in ("en", "es", "pt", "fr", "de", "ru")


def test_ask_json_prints_one_contract_object(tmp_path: Path) -> None:
    result = hipcoach(tmp_path, "ask", "--json", "hi")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    _check_contract(json.loads(lines[0]))


def test_ask_json_batch_reads_one_question_per_line(tmp_path: Path) -> None:
    questions = "what are hip dips?\n\nwhat's the best exercise for hip dips\nchips and dip\n"
    result = hipcoach(tmp_path, "ask", "--json", "-", stdin=questions)
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.strip().splitlines()]
    assert len(objects) == 3
    for obj in objects:
        _check_contract(obj)
    assert objects[0]["kind"] == "answer"
    assert objects[2]["kind"] == "fallback"


def program_args(*extra: str, **fields: str) -> tuple[str, ...]:
    """`hipcoach program` arguments for a valid profile, with some fields replaced."""
    profile = {"goal": "soften", "equipment": "none", "level": "beginner", "days": "3", **fields}
    return ("program", *(part for k, v in profile.items() for part in (f"--{k}", v)), *extra)


@pytest.mark.parametrize(
    "args",
    [
        ("frobnicate",),
        program_args(goal="bulk"),
        program_args(days="5"),
        program_args(level="pro"),
        program_args("--week", "0"),
        program_args("--avoid", "elbow"),
        ("ask",),
        ("db", "downgrade"),
        ("check", "--guild", "1"),
    ],
)
def test_bad_arguments_exit_2_with_one_line_and_touch_nothing(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    result = hipcoach(tmp_path, *args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
    assert not (tmp_path / "cli.db").exists()


def test_run_without_tokens_opens_the_console_chat(tmp_path: Path) -> None:
    result = hipcoach(
        tmp_path, "run", stdin="help\nquit\n", env={"DISCORD_TOKEN": "", "TELEGRAM_TOKEN": ""}
    )
    assert result.returncode == 0, result.stderr
    assert "DISCORD_TOKEN" in result.stdout and "TELEGRAM_TOKEN" in result.stdout
    assert "/faq" in result.stdout  # the help text listed the commands


def test_check_without_tokens_exits_1_naming_them(tmp_path: Path) -> None:
    result = hipcoach(tmp_path, "check", env={"DISCORD_TOKEN": "", "TELEGRAM_TOKEN": ""})
    assert result.returncode == 1, result.stderr
    problems = [line for line in result.stdout.splitlines() if line.startswith("problem:")]
    assert len(problems) == 1
    assert "DISCORD_TOKEN" in problems[0] and "TELEGRAM_TOKEN" in problems[0]


def test_db_upgrade_creates_the_schema(tmp_path: Path) -> None:
    result = hipcoach(tmp_path, "db", "upgrade")
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "cli.db") as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert {"athletes", "platform_accounts", "profiles", "alembic_version"} <= tables


def test_chat_profile_flow_by_numbers(tmp_path: Path) -> None:
    script = "profile\n1\n2\n1\n2\n1\n4\nquit\n"  # soften, bands, beginner, 3 days, knee, Done
    result = hipcoach(tmp_path, "chat", stdin=script)
    assert result.returncode == 0, result.stderr
    assert "Goal: soften" in result.stdout
    assert "Equipment: bands" in result.stdout
    assert "Days per week: 3" in result.stdout
    assert "Avoid: knee" in result.stdout


def test_chat_stops_at_once_when_interrupted_at_the_prompt() -> None:
    """Ctrl-C cancels the chat while input() blocks; the process must not wait for Enter."""
    import asyncio
    import threading

    from handlers.console.chat import chat_loop

    prompted, release = threading.Event(), threading.Event()

    def blocked_read(_prompt: str) -> str:
        prompted.set()
        release.wait(30)  # a user who never presses Enter
        return "quit"

    async def interrupted() -> None:
        task = asyncio.create_task(chat_loop(None, blocked_read, lambda _text: None))  # type: ignore[arg-type]
        await asyncio.to_thread(prompted.wait, 5)
        task.cancel()  # what asyncio.run does on SIGINT
        with pytest.raises(asyncio.CancelledError):
            await task

    runner = threading.Thread(target=asyncio.run, args=(interrupted(),), daemon=True)
    try:
        runner.start()
        runner.join(5)
        assert not runner.is_alive(), "asyncio.run kept waiting for the blocked input()"
    finally:
        release.set()


def test_the_console_follows_lang(tmp_path: Path) -> None:
    portuguese = {"LANG": "pt_BR.UTF-8"}
    chat = hipcoach(tmp_path, "chat", stdin="mydata\nquit\n", env=portuguese)
    assert chat.returncode == 0, chat.stderr
    assert "console do hipcoach: digite help, uma pergunta ou quit." in chat.stdout
    assert "(salvo em " in chat.stdout and "(saved" not in chat.stdout
    assert "hipcoach console" not in chat.stdout

    spanish = {"LANG": "es_ES.UTF-8"}
    week = hipcoach(tmp_path, *program_args(), env=spanish)
    assert week.returncode == 0, week.stderr
    english = hipcoach(tmp_path, *program_args())
    assert week.stdout != english.stdout and "Semana 1" in week.stdout
    answer = hipcoach(tmp_path, "ask", "what are hip dips?", env=spanish)
    assert answer.returncode == 0, answer.stderr
    assert answer.stdout.startswith("Los hip dips son las pequeñas curvas")


def test_a_spanish_terminal_reads_the_programs_exercises_in_spanish(tmp_path: Path) -> None:
    spanish_texts = yaml.safe_load(
        (
            Path(__file__).resolve().parents[2]
            / "knowledge"
            / "translations"
            / "es"
            / "exercises.yaml"
        ).read_text("utf-8")
    )
    shown = hipcoach(tmp_path, *program_args(), env={"LANG": "es_ES.UTF-8"})
    stored = hipcoach(tmp_path, *program_args("--json"), env={"LANG": "es_ES.UTF-8"})
    assert shown.returncode == 0 and stored.returncode == 0, shown.stderr + stored.stderr
    session = json.loads(stored.stdout)["sessions"][0]
    for exercise in session["exercises"]:
        spanish = spanish_texts[exercise["id"]]
        assert spanish["name"] in shown.stdout and spanish["cues"][0] in shown.stdout
    assert session["title"].endswith("and side-glute work")  # the JSON contract stays English
