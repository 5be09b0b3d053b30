"""The muscle and equipment words of the exercise catalogue, marked for the catalogues.

Programs keep them in English (the `program --json` contract); they are translated where a
program is shown. A test checks that every word the catalogue uses is listed here."""

from bot.marks import N_

MUSCLES = (
    N_("adductors"),
    N_("core"),
    N_("forearms"),
    N_("gluteus maximus"),
    N_("gluteus medius"),
    N_("gluteus minimus"),
    N_("hamstrings"),
    N_("obliques"),
    N_("quadriceps"),
    N_("tensor fasciae latae"),
)
EQUIPMENT = (
    N_("ankle weights"),
    N_("band"),
    N_("barbell"),
    N_("bench"),
    N_("bodyweight"),
    N_("cable"),
    N_("dumbbell"),
    N_("kettlebell"),
    N_("machine"),
)
