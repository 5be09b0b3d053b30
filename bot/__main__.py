"""`hipcoach` / `python -m bot`: parse arguments, load settings, configure logging, dispatch."""

from __future__ import annotations

import asyncio
import logging
import sys

from bot.errors import ConfigError
from bot.settings import load_settings

NOISY_LIBRARIES = (
    "httpx",
    "httpcore",
    "discord",
    "discord.http",
    "telegram",
    "apscheduler",
    "aiosqlite",
    "asyncio",
    "sqlalchemy",
    "alembic",
    "matplotlib",
)


def configure_logging(level: str) -> None:
    """Configure logging once for the whole process; library chatter stays at WARNING."""
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for name in NOISY_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)
    # A text bot never uses voice; discord.py warns about its missing extras on every start.
    logging.getLogger("discord.client").addFilter(
        lambda record: "voice will NOT be supported" not in record.getMessage()
    )


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    from bot import runtime
    from handlers.console.cli import parse_args

    args = parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as error:
        print(f"hipcoach: {error}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    try:
        return asyncio.run(runtime.dispatch(args, settings))
    except ConfigError as error:
        print(f"hipcoach: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
