"""`hipcoach check`: one report over every configured platform, exit 1 when a line is a problem."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from bot.challenges.posting_check import Finding, problem
from bot.types import Platform

if TYPE_CHECKING:
    from bot.bootstrap import App

NO_TOKENS = (
    "No platform token is set: DISCORD_TOKEN enables Discord, TELEGRAM_TOKEN enables Telegram "
    "(environment or .env)"
)


async def findings(app: App) -> list[Finding]:
    """Check each platform whose token is set (imported lazily: the core stays platform-free)."""
    settings = app.settings
    found: list[Finding] = []
    if settings.discord_token is not None:
        from handlers.discord.check import check_discord

        places = await app.services.setup.posting_places(Platform.DISCORD)
        found += await check_discord(settings, places)
    if settings.telegram_token is not None:
        from handlers.telegram.check import check_telegram

        places = await app.services.setup.posting_places(Platform.TELEGRAM)
        found += await check_telegram(settings, places)
    return found or [problem(NO_TOKENS)]


def report(found: list[Finding], out: TextIO) -> int:
    """Print one line per finding (problems marked) and a summary; the exit status."""
    for finding in found:
        print(f"problem: {finding.text}" if finding.problem else finding.text, file=out)
    problems = sum(finding.problem for finding in found)
    if problems:
        print(f"{problems} problem(s) found.", file=out)
        return 1
    print("All good.", file=out)
    return 0
