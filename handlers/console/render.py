"""Replies as plain terminal text; buttons become numbered choices."""

from __future__ import annotations

from pathlib import Path

from bot.types import Button, Reply


def render_reply(reply: Reply, first_number: int = 1) -> tuple[str, list[Button]]:
    """Return the text to print and the buttons in the order they are numbered."""
    lines: list[str] = []
    if reply.title:
        lines.append(f"== {reply.title} ==")
    lines.append(reply.text)
    buttons = [button for row in reply.buttons for button in row]
    if buttons:
        choices = [f"[{first_number + i}] {b.label}" for i, b in enumerate(buttons)]
        lines.append("  ".join(choices))
    return "\n".join(lines), buttons


def save_attachments(reply: Reply, folder: Path) -> list[Path]:
    """Write a reply's files (charts, exports) to the folder and return their paths."""
    saved = []
    for attachment in reply.attachments:
        path = folder / Path(attachment.filename).name
        path.write_bytes(attachment.data)
        saved.append(path)
    return saved
