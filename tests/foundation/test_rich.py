"""The rich-text model: the knowledge base's Markdown read into it, its plain reading, and
cutting it into messages without breaking formatting."""

from __future__ import annotations

from bot import rich
from bot.i18n import Catalog, Language
from bot.markdown import parse_markdown
from bot.rich_layout import plain_text
from bot.types import Reply
from handlers.discord.render import Outgoing, render
from handlers.discord.usage import with_discord_commands
from handlers.telegram.render import MAX_MESSAGE_CHARS, render_reply, visible_length


def test_knowledge_markdown_becomes_paragraphs_lists_and_spans() -> None:
    body = parse_markdown(
        "Short answer with **bold**, *italic*, `code` and [a link](https://example.org).\n\n"
        "- **First:** one\n- second\n\n3. third\n4. fourth\n\n<b>not a tag</b>"
    )
    first, bullets, numbered, raw = body.blocks
    assert isinstance(first, rich.Paragraph)
    assert rich.bold("bold") in first.spans and rich.italic("italic") in first.spans
    assert rich.link("https://example.org", "a link") in first.spans
    assert isinstance(bullets, rich.BulletList) and len(bullets.items) == 2
    assert isinstance(numbered, rich.NumberedList) and numbered.start == 3
    assert raw == rich.paragraph("<b>not a tag</b>")  # HTML in the source is just text
    assert plain_text(body).splitlines()[2:4] == ["• First: one", "• second"]


def test_plain_text_replies_read_the_same_as_before() -> None:
    text = "Line one\nline two\n\nSecond paragraph"
    assert Reply(text=text).text == text
    assert plain_text(rich.fill("{} is on: Join with {}.", "**x**", rich.code("/join"))) == (
        "**x** is on: Join with /join."
    )


def test_fill_keeps_every_value_literal() -> None:
    (paragraph,) = rich.fill("Hi {}, see {}", "[a](https://b)", rich.bold("this")).blocks
    assert paragraph == rich.paragraph(
        "Hi ", rich.literal("[a](https://b)"), ", see ", rich.bold("this")
    )


def test_a_bold_line_too_long_for_one_message_stays_bold_on_both_sides() -> None:
    long_bold = rich.bold(" ".join(["squeeze"] * 1500))  # about 12,000 characters
    reply = Reply(text=rich.doc(rich.paragraph("Intro"), rich.paragraph(long_bold)))
    chunks = render_reply(reply).chunks
    assert len(chunks) == 4
    assert chunks[0] == "Intro"
    for chunk in chunks[1:]:
        assert chunk.startswith("<b>squeeze") and chunk.endswith("squeeze</b>")
        assert visible_length(chunk) <= MAX_MESSAGE_CHARS
    contents = [message.content or "" for message in render(reply)]
    assert all(len(content) <= 2000 for content in contents)
    assert all(c.startswith("**") and c.endswith("**") for c in contents[1:])


def test_lists_are_cut_between_items_and_keep_their_numbers() -> None:
    items = [f"step {n} " + "x" * 200 for n in range(1, 31)]  # about 6,400 characters
    chunks = render_reply(Reply(text=rich.doc(rich.numbered(*items)))).chunks
    assert len(chunks) == 2
    lines = "\n".join(chunks).splitlines()
    assert [line.split(". ", 1)[0] for line in lines] == [str(n) for n in range(1, 31)]


def test_a_discord_member_reads_a_command_in_bold_a_list_or_a_section_in_discords_form() -> None:
    ref = rich.CommandRef("/checkins on [<days>] [<time>]", "checkins", "on", (("days", False),))
    body = rich.doc(
        rich.paragraph(rich.bold("Try ", ref)),
        rich.bullets(("or ", rich.link("https://example.org", ref))),
        rich.section("Next", rich.paragraph(ref, " then rest")),
    )
    reply = with_discord_commands(Reply(body), Catalog.load().translator(Language.ES))
    text = "\n".join(_discord_text(message) for message in render(reply))
    assert text.count("`/check-ins activar [días]`") == 3 and "<days>" not in text
    assert "**Try `/check-ins" in text and "](https://example.org)" in text
    # Elsewhere the reference is its text usage line: plain, so Telegram makes it tappable.
    assert plain_text(body).count("/checkins on [<days>] [<time>]") == 3
    assert "/checkins on [&lt;days&gt;]" in "".join(render_reply(Reply(body)).chunks)


def _discord_text(message: Outgoing) -> str:
    embed = message.embed
    fields = [f"{field.name}\n{field.value}" for field in embed.fields] if embed else []
    return "\n".join([message.content or "", embed.description or "" if embed else "", *fields])
