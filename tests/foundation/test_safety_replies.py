"""Safety replies: every category in every language, short enough for one chat message."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from knowledge.loading import KnowledgeError
from knowledge.safety_replies import (
    CATEGORIES,
    LANGUAGES,
    MAX_REPLY_CHARS,
    SAFETY_REPLIES_PATH,
    SafetyReplies,
    load_safety_replies,
)


@pytest.fixture(scope="module")
def replies() -> SafetyReplies:
    return load_safety_replies()


def _raw() -> dict[str, Any]:
    data = yaml.safe_load(SAFETY_REPLIES_PATH.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "safety_replies.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_every_category_has_every_language(replies: SafetyReplies) -> None:
    for category in CATEGORIES:
        for language in LANGUAGES:
            reply = replies.reply(category, language)
            assert reply.title
            assert 0 < len(reply.answer) <= MAX_REPLY_CHARS, (category, language)


def test_replies_are_written_per_language_not_copied(replies: SafetyReplies) -> None:
    for category in CATEGORIES:
        answers = {replies.reply(category, language).answer for language in LANGUAGES}
        titles = {replies.reply(category, language).title for language in LANGUAGES}
        assert len(answers) == len(LANGUAGES), category
        assert len(titles) == len(LANGUAGES), category


@pytest.mark.parametrize(
    ("language", "numbers"),
    [
        ("en", ["988", "116 123", "13 11 14", "findahelpline.com"]),
        ("es", ["024", "112", "800 911 2000", "135", "findahelpline.com"]),
        ("pt", ["188", "192", "808 24 24 24", "findahelpline.com"]),
        ("fr", ["3114", "112", "143", "findahelpline.com"]),
        ("de", ["0800 111 0 111", "0800 111 0 222", "142", "143", "112"]),
        ("ru", ["112", "8-800-2000-122", "findahelpline.com"]),
    ],
)
def test_crisis_replies_name_help_where_the_user_lives(
    replies: SafetyReplies, language: str, numbers: list[str]
) -> None:
    answer = replies.reply("crisis", language).answer
    for number in numbers:
        assert number in answer, (language, number)


def test_no_closed_helpline_is_cited() -> None:
    text = SAFETY_REPLIES_PATH.read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert "NEDA" not in body and "nationaleatingdisorders" not in body


def test_language_tags_and_unknown_languages(replies: SafetyReplies) -> None:
    assert replies.reply("crisis", "pt-BR") == replies.reply("crisis", "pt")
    assert replies.reply("medical", "de_AT") == replies.reply("medical", "de")
    assert replies.reply("eating", "ES") == replies.reply("eating", "es")
    assert replies.reply("minor", "it") == replies.reply("minor", "en")
    with pytest.raises(KeyError):
        replies.reply("weather", "en")


def test_missing_language_is_rejected(tmp_path: Path) -> None:
    data = _raw()
    del data["pregnancy"]["ru"]
    path = _write(tmp_path, data)
    with pytest.raises(KnowledgeError) as caught:
        load_safety_replies(path)
    assert str(path) in str(caught.value)
    assert "pregnancy: missing language(s): ru" in str(caught.value)


def test_missing_category_is_rejected(tmp_path: Path) -> None:
    data = _raw()
    del data["minor"]
    with pytest.raises(KnowledgeError, match="minor"):
        load_safety_replies(_write(tmp_path, data))


def test_unknown_language_or_category_is_rejected(tmp_path: Path) -> None:
    data = _raw()
    data["crisis"]["it"] = dict(data["crisis"]["en"])
    with pytest.raises(KnowledgeError, match="unsupported language"):
        load_safety_replies(_write(tmp_path, data))
    data = _raw()
    data["weather"] = data["crisis"]
    with pytest.raises(KnowledgeError, match="weather"):
        load_safety_replies(_write(tmp_path, data))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("answer", "x" * (MAX_REPLY_CHARS + 1), f"the limit is {MAX_REPLY_CHARS}"),
        ("answer", "   ", "must not be empty"),
        ("title", "", "title must be one line"),
    ],
)
def test_bad_reply_is_rejected(tmp_path: Path, field: str, value: str, message: str) -> None:
    data = _raw()
    data["eating"]["fr"][field] = value
    with pytest.raises(KnowledgeError) as caught:
        load_safety_replies(_write(tmp_path, data))
    assert "eating.fr" in str(caught.value)
    assert message in str(caught.value)


def test_not_a_mapping_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "safety_replies.yaml"
    path.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="expected a mapping"):
        load_safety_replies(path)
