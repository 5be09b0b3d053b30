"""A check-in keeps its dose as values and its exercises' names in every language, so the DM is
worded in whatever language its reader has when it is sent (issue #19)."""

from __future__ import annotations

import json

from bot.checkins.messages import session_lines
from bot.checkins.schedules import DueExercise, DueSession, PlannedDose
from bot.checkins.storage.rows import session_from_json, session_json
from bot.i18n import Catalog, Language

BRIDGE = DueExercise(
    "banded-glute-bridge",
    "Banded glute bridge",
    3,
    12,
    PlannedDose(3, "8-12", None, False, 2, 90, False),
    None,
    True,
    (("es", "Puente de glúteo con banda"), ("pt-BR", "Ponte de glúteo com miniband")),
)
SESSION = DueSession("Banded glute bridge and side-glute work", (BRIDGE,))


def test_one_stored_checkin_reads_in_each_language() -> None:
    stored = session_from_json(SESSION.title, session_json(SESSION))
    assert stored == SESSION  # the row keeps values, not one language's wording
    catalog = Catalog.load()
    english = session_lines(stored, catalog.translator(Language.EN))
    assert english == [
        "Today: Banded glute bridge and side-glute work",
        "• Banded glute bridge — 3 sets x 8-12 reps, RIR 2, rest 90 s",
    ]
    spanish = session_lines(stored, catalog.translator(Language.ES))
    assert spanish == [
        "Hoy: Puente de glúteo con banda y trabajo de glúteo lateral",
        "• Puente de glúteo con banda — 3 series x 8-12 repeticiones, RIR 2, descanso 90 s",
    ]
    portuguese = session_lines(stored, catalog.translator(Language.PT_BR))
    assert portuguese[1].startswith("• Ponte de glúteo com miniband — 3 séries x 8-12 repetições")


def test_a_checkin_stored_before_keeps_its_english_dose() -> None:
    old = json.dumps([["clamshell", "Clamshell", 3, 12, "3 sets x 12 reps, rest 60 s", None, True]])
    stored = session_from_json("Lateral day", old)
    assert stored is not None and stored.exercises[0].names == ()
    spanish = session_lines(stored, Catalog.load().translator(Language.ES))
    assert spanish[1] == "• Clamshell — 3 sets x 12 reps, rest 60 s"  # what it had, not lost
