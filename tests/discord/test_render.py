"""Rendering within Discord's limits."""

from __future__ import annotations

from bot.types import Button, Reply
from handlers.discord.render import render


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
