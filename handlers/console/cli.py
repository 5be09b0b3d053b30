"""The `hipcoach` command line: run, chat, check, db upgrade, ask and program."""

from __future__ import annotations

import argparse
import sys
from typing import Any, NoReturn

from bot.athletes.rules import DAYS_PER_WEEK, EQUIPMENT, GOALS, LEVELS, parse_avoid
from bot.errors import BadInput
from bot.numbers import whole_number


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports bad arguments in one line and exits 2."""

    def error(self, message: str) -> NoReturn:
        """Print one line naming the problem, exit with status 2."""
        self.exit(2, f"{self.prog}: {message}\n")


def _avoid_list(text: str) -> frozenset[str]:
    try:
        return parse_avoid(text)
    except BadInput as error:
        raise argparse.ArgumentTypeError(error.user_message) from None


def _week(text: str) -> int:
    week = whole_number(text, 1, 520)
    if week is None:
        raise argparse.ArgumentTypeError("must be a whole number from 1 to 520")
    return week


def build_parser() -> OneLineParser:
    """The full argument parser with a help text for every sub-command."""
    parser = OneLineParser(
        prog="hipcoach",
        description="A coaching bot about hip dips for Discord, Telegram and the console.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    commands.required = True
    commands.add_parser(
        "run",
        help="start the bot: Discord and/or Telegram when their tokens are set, else the console",
        description="Apply migrations, then run Discord (DISCORD_TOKEN) and Telegram "
        "(TELEGRAM_TOKEN) with the scheduler in one process. With no token, open the console chat.",
    )
    commands.add_parser(
        "chat",
        help="chat with the bot in this terminal as a local user",
        description="Apply migrations and open an interactive chat with the full core.",
    )
    commands.add_parser(
        "check",
        help="check the tokens, print the Discord invite link, report missing permissions",
        description="Log in to each platform whose token is set, print the Discord invite link "
        "(bot and applications.commands scopes, the permissions standings posts need) and "
        "report what the bot lacks in each configured server and known group. Exit status 1 "
        "when something is wrong.",
    )
    db = commands.add_parser("db", help="database maintenance", description="Database maintenance.")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", parser_class=OneLineParser)
    db_commands.required = True
    db_commands.add_parser(
        "upgrade", help="apply all migrations", description="Apply all pending migrations."
    )
    ask = commands.add_parser(
        "ask",
        help="answer one question (or one per line from standard input with -)",
        description="Answer a question from the knowledge base. With '-', read one question "
        "per line from standard input. --json prints one JSON object per answer.",
    )
    ask.add_argument("--json", action="store_true", help="print JSON objects (one per line)")
    ask.add_argument("question", nargs="+", metavar="QUESTION", help="the question, or -")
    _add_program(commands)
    return parser


def _add_program(commands: Any) -> None:
    """`hipcoach program`: one week's program for a profile given as options."""
    program = commands.add_parser(
        "program",
        help="print one week's training program for a profile",
        description="Build one week's program for the given profile.",
    )
    program.add_argument("--goal", required=True, choices=GOALS)
    program.add_argument("--equipment", required=True, choices=EQUIPMENT)
    program.add_argument("--level", required=True, choices=LEVELS)
    program.add_argument("--days", required=True, type=int, choices=DAYS_PER_WEEK)
    program.add_argument("--week", type=_week, default=1, help="week number, 1 or more")
    program.add_argument(
        "--avoid", type=_avoid_list, default=frozenset(), help="comma list of knee,back,hip"
    )
    program.add_argument("--json", action="store_true", help="print the JSON contract")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line (exits 2 with one line on bad arguments)."""
    return build_parser().parse_args(sys.argv[1:] if argv is None else argv)
