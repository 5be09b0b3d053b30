"""Interactive console chat with the full core, as one local user."""

from __future__ import annotations

import asyncio
import getpass
from collections.abc import Callable
from pathlib import Path

from bot.domain.numbers import whole_number
from bot.router import Router
from bot.types import Button, ChatRef, Incoming, Platform, UserRef
from handlers.console.render import render_reply, save_attachments

PROMPT = "you> "
GOODBYE_WORDS = {"quit", "exit", "/quit", "/exit"}


def local_user() -> UserRef:
    """The console's single user, named after the operating-system account."""
    try:
        name = getpass.getuser()
    except OSError:
        name = "local"
    return UserRef(Platform.CONSOLE, "local", name)


async def chat_loop(
    router: Router,
    read_line: Callable[[str], str] = input,
    write: Callable[[str], None] = print,
    folder: Path | None = None,
) -> None:
    """Read lines until EOF or `quit`; numbers press the buttons of the last reply."""
    user = local_user()
    chat = ChatRef(Platform.CONSOLE, "local", "private", "console")
    buttons: list[Button] = []
    write("hipcoach console — type help, a question, or quit.")
    loop = asyncio.get_running_loop()
    while True:
        try:
            line = await loop.run_in_executor(None, read_line, PROMPT)
        except (EOFError, KeyboardInterrupt):
            write("")
            return
        text = line.strip()
        if text.lower() in GOODBYE_WORDS:
            return
        if not text:
            continue
        pressed = whole_number(text, 1, len(buttons))
        if pressed is not None:
            incoming = Incoming(user, chat, action=buttons[pressed - 1].action)
        else:
            incoming = Incoming(user, chat, text=text)
        buttons = []
        for reply in await router.handle(incoming):
            rendered, reply_buttons = render_reply(reply, first_number=len(buttons) + 1)
            buttons.extend(reply_buttons)
            write(rendered)
            for path in save_attachments(reply, folder or Path.cwd()):
                write(f"(saved {path})")
