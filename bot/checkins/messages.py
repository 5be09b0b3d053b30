"""What check-in messages say and which buttons they carry (neutral Replies, no platform)."""

from __future__ import annotations

from datetime import date, timedelta

from bot.checkins.schedules import DAY_NAMES, Checkin, DueSession, Rule, Status
from bot.types import Button, Reply

ANSWER_LABELS = {
    Status.DONE: "Done",
    Status.PARTLY: "Partly",
    Status.SKIPPED: "Skipped",
    Status.PAIN: "Pain",
}
NO_EXERCISE = "none"
MAX_RESULT_ROWS = 4  # Discord allows five button rows; keep one spare


def session_lines(session: DueSession | None) -> list[str]:
    """The session's title and exercises, one line each."""
    if session is None:
        return ["Time for your hip session."]
    lines = [f"Today: {session.title}"]
    for exercise in session.exercises:
        dose = f" — {exercise.dose}" if exercise.dose else ""
        lines.append(f"• {exercise.name}{dose}")
    return lines


def checkin_title(checkin: Checkin) -> str:
    """'Wed check-in': the title of the DM and of every update to it."""
    return f"{DAY_NAMES[checkin.local_day.weekday()]} check-in"


def checkin_message(checkin: Checkin, session: DueSession | None) -> Reply:
    """The DM sent at the scheduled moment, with the answer buttons."""
    answers = tuple(
        Button(label, f"ci:{checkin.id}:{status.value}") for status, label in ANSWER_LABELS.items()
    )
    later = (Button("Snooze 1 h", f"ci:{checkin.id}:snooze"),)
    text = "\n".join([*session_lines(session), "", "How did it go?"])
    return Reply(text=text, title=checkin_title(checkin), buttons=(answers, later), private=True)


def difficulty_buttons(checkin_id: int) -> tuple[tuple[Button, ...], ...]:
    """Two rows: 1-5 and 6-10."""
    return tuple(
        tuple(Button(str(n), f"cd:{checkin_id}:{n}") for n in range(first, first + 5))
        for first in (1, 6)
    )


def answered_message(checkin: Checkin, streak: int) -> Reply:
    """The check-in message after an answer button: what was chosen and the next question."""
    head = session_lines(checkin.session)[0]
    chosen = ANSWER_LABELS.get(checkin.status, checkin.status.value)
    lines = [head, f"Your answer: {chosen}."]
    buttons: tuple[tuple[Button, ...], ...] = ()
    if checkin.status in (Status.DONE, Status.PARTLY):
        lines.append(f"Streak: {streak}. How hard did it feel? 1 = very easy, 10 = all-out.")
        buttons = difficulty_buttons(checkin.id)
    elif checkin.status == Status.SKIPPED:
        lines.append("No problem, rest days happen. See you at the next one.")
    else:
        lines.append(
            "Sorry to hear that. Stop any movement that hurts, and if the pain is sharp or "
            "keeps coming back, please get it checked by a doctor or physiotherapist."
        )
        buttons = _pain_buttons(checkin)
    title = checkin_title(checkin)
    return Reply(text="\n".join(lines), title=title, buttons=buttons, private=True, edit=True)


def _pain_buttons(checkin: Checkin) -> tuple[tuple[Button, ...], ...]:
    exercises = checkin.session.exercises if checkin.session else ()
    if not exercises:
        return ()
    row = [Button(e.name[:40], f"cp:{checkin.id}:{e.id}"[:64]) for e in exercises[:6]]
    return (tuple(row), (Button("Not sure", f"cp:{checkin.id}:{NO_EXERCISE}"),))


def rated_message(checkin: Checkin) -> Reply:
    """After a difficulty button: thanks, and buttons to record each working exercise's result."""
    head = session_lines(checkin.session)[0]
    chosen = ANSWER_LABELS.get(checkin.status, checkin.status.value)
    note = " Noted: next week will ease off a little." if (checkin.difficulty or 0) >= 8 else ""
    text = f"{head}\nYour answer: {chosen}, effort {checkin.difficulty}/10. Thanks!{note}"
    buttons = result_buttons(checkin)
    if buttons:
        text += (
            "\nDid every set reach the top of its range at the planned effort? Tap per "
            "exercise: it decides whether the load goes up next time."
        )
    return Reply(text=text, title=checkin_title(checkin), buttons=buttons, private=True, edit=True)


def result_buttons(checkin: Checkin) -> tuple[tuple[Button, ...], ...]:
    """One row per working exercise (at most MAX_RESULT_ROWS): top reached / short."""
    exercises = checkin.session.exercises if checkin.session else ()
    rows: list[tuple[Button, ...]] = []
    for index, exercise in enumerate(exercises):
        if not exercise.working or len(rows) == MAX_RESULT_ROWS:
            continue
        name = exercise.name[:30]
        rows.append(
            (
                Button(f"{name}: top reached", f"cr:{checkin.id}:{index}:top"),
                Button("short", f"cr:{checkin.id}:{index}:short"),
            )
        )
    return tuple(rows)


def result_noted_message(name: str, reached: bool, load: str | None) -> Reply:
    """After a result button: what was recorded and what it means for the next session."""
    used = f" at {load}" if load else ""
    if reached:
        text = f"Noted: {name}{used}, top of the range reached. It goes up next time."
    else:
        text = f"Noted: {name}{used}, short of the top. Same again next time, aim for a rep more."
    return Reply(text=text, private=True)


def pain_noted_message(checkin: Checkin, exercise_name: str | None) -> Reply:
    """After saying which exercise hurt."""
    head = session_lines(checkin.session)[0]
    if exercise_name is None:
        detail = "Noted. Next week's plan will be gentler."
    else:
        detail = f"Noted: {exercise_name}. Next week's plan will swap it for something gentler."
    text = f"{head}\nYour answer: Pain.\n{detail}"
    return Reply(text=text, title=checkin_title(checkin), private=True, edit=True)


def snoozed_message(checkin: Checkin) -> Reply:
    """After the snooze button."""
    head = session_lines(checkin.session)[0]
    text = f"{head}\nSnoozed: I'll ask again in an hour."
    return Reply(text=text, title=checkin_title(checkin), private=True, edit=True)


def unreachable_notice(rule: Rule) -> str:
    """Why check-ins stopped and how to restart them."""
    return (
        "I couldn't reach you by direct message (I'm blocked, or your settings don't let me "
        "message you), so your check-ins are paused. Send /checkins on to restart them: "
        f"{rule.describe()}. Or /checkins on <days> <HH:MM> for a new schedule."
    )


def weekly_focus(adherence: float | None, too_hard: bool, pain: frozenset[str]) -> str:
    """One sentence about what next week should focus on."""
    if pain:
        return "Next week: gentler choices for what hurt, and stop any movement that causes pain."
    if too_hard:
        return "Next week: a little less load so you can keep good form."
    if adherence is None:
        return "Next week: pick the sessions you can really make and let me check in."
    if adherence < 0.5:
        return "Next week: consistency first; even a short session counts."
    return "Next week: keep the rhythm and add a little load or a few reps where it felt easy."


def summary_message(
    start: date, adherence: float | None, done: int, planned: int, streak: int, focus: str
) -> Reply:
    """The weekly summary DM."""
    end = start + timedelta(days=6)
    share = "no scored sessions" if adherence is None else f"{round(adherence * 100)}% adherence"
    text = "\n".join(
        [
            f"Week of {start:%d %b} – {end:%d %b}: {done} of {planned} sessions done ({share}).",
            f"Current streak: {streak}.",
            focus,
        ]
    )
    return Reply(text=text, title="Your week", private=True)
