"""`hipcoach program`: one week's program for a profile given on the command line."""

from __future__ import annotations

import argparse
import json
import os

from bot.bootstrap import App
from bot.programs.generator import Profile
from bot.programs.render import render_text
from handlers.reader import reader


def print_program(app: App, args: argparse.Namespace) -> int:
    """Print the week as text, or as the JSON contract with --json."""
    profile = Profile(
        goal=args.goal,
        equipment=args.equipment,
        level=args.level,
        days_per_week=args.days,
        avoid=args.avoid,
    )
    program = app.services.programs.preview(profile, args.week)
    if args.json:
        print(json.dumps(program.to_json(), ensure_ascii=False))
    else:
        tr = reader(app.services.catalog, None, os.environ.get("LANG"))  # the terminal's
        print(render_text(app.services.programs.in_language(program, tr.language), tr))
    return 0
