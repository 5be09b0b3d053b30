"""Interactive console chat with the full core, as one local user."""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

from bot.i18n import Catalog, Translator
from bot.marks import N_
from bot.numbers import whole_number
from bot.router import Router
from bot.types import Button, ChatRef, Incoming, Platform, Reply, UserRef
from handlers.console.render import render_reply, save_attachments
from handlers.reader import APOLOGY, reader

log = logging.getLogger(__name__)

PROMPT = "you> "
GOODBYE_WORDS = {"quit", "exit", "/quit", "/exit"}
# `help` and `quit` are what the user types, in every language.
GREETING = N_("hipcoach console — type help, a question, or quit.")
SAVED = N_("(saved {path})")


def local_user() -> UserRef:
    """The console's single user, named after the operating-system account."""
    try:
        name = getpass.getuser()
    except OSError:
        name = "local"
    return UserRef(Platform.CONSOLE, "local", name)


async def _read(read_line: Callable[[str], str], prompt: str) -> str:
    """Read one line in a daemon thread, so Ctrl-C never waits for Enter.

    The loop's default executor is joined when `asyncio.run` finishes, which would keep the
    process alive until a blocked `input()` returns.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str] = loop.create_future()

    def settle(line: str | None, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(line or "")

    def work() -> None:
        try:
            line, error = read_line(prompt), None
        except BaseException as problem:  # EOFError and KeyboardInterrupt reach the loop
            line, error = None, problem
        with contextlib.suppress(RuntimeError):  # the loop closed while we were reading
            loop.call_soon_threadsafe(settle, line, error)

    threading.Thread(target=work, name="console-input", daemon=True).start()
    return await future


async def chat_loop(
    router: Router,
    read_line: Callable[[str], str] = input,
    write: Callable[[str], None] = print,
    folder: Path | None = None,
    catalog: Catalog | None = None,
) -> None:
    """Read lines until EOF or `quit`; numbers press the buttons of the last reply."""
    user = local_user()
    chat = ChatRef(Platform.CONSOLE, "local", "private", "console")
    buttons: list[Button] = []
    catalog = catalog or Catalog.english()
    locale = os.environ.get("LANG", "")  # the terminal's language: pt_BR.UTF-8 speaks pt-BR
    tr = reader(catalog, None, locale)
    write(tr.gettext(GREETING))
    while True:
        try:
            line = await _read(read_line, PROMPT)
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
            incoming = Incoming(user, chat, action=buttons[pressed - 1].action, locale=locale)
        else:
            incoming = Incoming(user, chat, text=text, locale=locale)
        try:
            replies = await router.handle(incoming)
        except Exception:  # a bug must not end the whole session; the log has the details
            log.exception("console message failed: %r", text[:80])
            write(tr.gettext(APOLOGY))
            buttons = []
            continue
        # The labels follow the language the core answered in (`profile language` changes it).
        tr = reader(catalog, replies[0], locale) if replies else tr
        buttons = _show(replies, tr, write, folder or Path.cwd())


def _show(
    replies: list[Reply], tr: Translator, write: Callable[[str], None], folder: Path
) -> list[Button]:
    """Print the replies and save their files; the buttons, numbered across the replies."""
    buttons: list[Button] = []
    for reply in replies:
        rendered, reply_buttons = render_reply(reply, first_number=len(buttons) + 1)
        buttons.extend(reply_buttons)
        write(rendered)
        for path in save_attachments(reply, folder):
            write(tr.gettext(SAVED, path=str(path)))
    return buttons
