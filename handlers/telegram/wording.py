"""Telegram's own words for refusals that depend on the platform (see HipcoachError.details)."""

from __future__ import annotations

from bot.types import Reply


def start_link(bot_username: str, payload: str) -> str:
    """The deep link that opens the private chat with the bot; Start sends `/start payload`."""
    return f"https://t.me/{bot_username}?start={payload}"


def phrased(reply: Reply, bot_username: str) -> Reply:
    """The reply, with group refusals in Telegram's terms (admins, how to start a chat)."""
    error = reply.extra.get("error")
    if error == "permission":
        return reply.with_text(f"Only group admins can {reply.extra.get('what') or 'do that'}.")
    if error != "private_only":
        return reply
    command = reply.extra.get("command") or "start"
    link = start_link(bot_username, command)
    if command == "checkins":
        text = (
            "Check-ins come as private messages, and Telegram lets me write to you only after "
            f"you start a chat with me. Open {link} and press Start, then set them up there."
        )
    else:
        text = f"/{command} works in a private chat with me: open {link} and press Start."
    return reply.with_text(text)
