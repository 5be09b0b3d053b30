"""Rendering within Discord's limits."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot import rich
from bot.types import Button, Reply
from handlers.discord.markdown import escape_literal
from handlers.discord.render import render
from tests.discord.test_formatting import reading

MARKUP = set("*_~|`[]()<>:#-.+\\")


def test_long_text_is_split_within_the_content_limit() -> None:
    reply = Reply(text="\n".join(f"line {n} " + "x" * 90 for n in range(60)))
    messages = render(reply)
    assert len(messages) > 1
    assert all(m.content is not None and len(m.content) <= 2000 for m in messages)
    assert "".join(m.content or "" for m in messages).count("line") == 60


def test_titled_reply_is_an_embed_within_its_limits() -> None:
    reply = Reply(text="y " * 5000, title="T" * 300, buttons=((Button("Ok", "forget:cancel"),),))
    messages = render(reply)
    embeds = [m.embed for m in messages if m.embed is not None]
    assert len(embeds) == len(messages) == 3
    assert all(len(e.description or "") <= 4096 and len(e) <= 6000 for e in embeds)
    assert len(embeds[0].title or "") == 256
    assert messages[-1].view is not None and messages[0].view is None


def test_private_and_notices_are_ephemeral() -> None:
    assert render(Reply(text="a", private=True))[0].ephemeral
    assert render(Reply(text="a", notice=True))[0].ephemeral
    assert not render(Reply(text="a"))[0].ephemeral


def test_user_text_cannot_become_a_masked_link_or_formatting() -> None:
    board = Reply(text="1. [Free Nitro](https://evil.example) — 12\n2. *Bo* — 9")
    content = render(board)[0].content or ""
    assert "\\[Free Nitro\\]" in content and "\\*Bo\\*" in content


def test_a_hard_cut_never_separates_an_escape_from_its_character() -> None:
    messages = render(Reply(text="*" * 3000))  # 6,000 characters once escaped, no spaces
    pieces = [m.content or "" for m in messages]
    assert all(len(piece) <= 2000 for piece in pieces)
    assert all((len(p) - len(p.rstrip("\\"))) % 2 == 0 for p in pieces)
    assert "".join(pieces) == "\\*" * 3000


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Cf"))))
def test_any_user_text_is_shown_as_typed_and_never_read_as_markup(name: str) -> None:
    shown, live = reading(escape_literal(name))
    assert shown == name
    assert not MARKUP & set(live)
    assert "@everyone" not in live and "@here" not in live


def test_the_same_name_twice_in_one_message_never_pairs_into_a_link() -> None:
    name = "**x** [a](https://b.c) @everyone"
    reply = Reply(text=rich.fill("{} is on. Join with {} or {}", name, rich.code(name), name))
    shown, live = reading(render(reply)[0].content or "")
    assert shown == f"{name} is on. Join with {name} or {name}"
    assert "](" not in live and "**" not in live and "@everyone" not in live
