"""Splitting and escaping rules of the HTML renderer, including the awkward edges."""

from __future__ import annotations

import html

from bot.types import Button, Reply
from handlers.telegram.render import MAX_MESSAGE_CHARS, render_reply, split_html, visible_length


def test_a_huge_unbroken_word_is_cut_without_breaking_an_entity() -> None:
    text = "&<>" * 3000  # every character grows when escaped
    chunks = split_html(text)
    # Telegram's limit counts the text once the HTML is parsed: an entity is one character.
    assert all(visible_length(chunk) <= MAX_MESSAGE_CHARS for chunk in chunks)
    assert "".join(html.unescape(chunk) for chunk in chunks) == text
    assert all(html.unescape(chunk) == html.unescape(chunk).strip() for chunk in chunks)


def test_lines_are_the_fallback_when_a_paragraph_is_too_long() -> None:
    lines = [f"line {n}: " + "x" * 90 for n in range(80)]
    chunks = split_html("\n".join(lines))
    assert len(chunks) == 2
    assert "\n".join(chunks).split("\n") == lines  # no line was cut in two


def test_long_replies_keep_their_buttons_and_an_escaped_bold_title() -> None:
    reply = Reply(
        text="a" * 5000,
        title="Mo & <Co>",
        buttons=((Button("Done", "ci:1:done"),),),
    )
    rendered = render_reply(reply)
    assert rendered.chunks[0].startswith("<b>Mo &amp; &lt;Co&gt;</b>")
    assert all(visible_length(chunk) <= MAX_MESSAGE_CHARS for chunk in rendered.chunks)
    assert rendered.keyboard is not None
    assert rendered.keyboard.inline_keyboard[0][0].callback_data == "ci:1:done"
