"""What check-in messages say and which buttons they carry (neutral Replies, no platform)."""

from __future__ import annotations

from datetime import date, timedelta

from bot.checkins.schedules import Checkin, DueExercise, DueSession, Rule, Status
from bot.i18n import Translator
from bot.marks import N_
from bot.programs.model import Prescription
from bot.programs.render import TITLE_SUFFIX, format_dose, session_title
from bot.types import Button, Reply

ANSWER_LABELS = {
    Status.DONE: N_("Done"),
    Status.PARTLY: N_("Partly"),
    Status.SKIPPED: N_("Skipped"),
    Status.PAIN: N_("Pain"),
}
NO_EXERCISE = "none"
MAX_RESULT_ROWS = 4  # Discord allows five button rows; keep one spare


def describe_rule(rule: Rule, tr: Translator) -> str:
    """'Mon, Wed, Fri at 18:00 (Europe/Berlin)' in the reader's language."""
    # Weekday names keep the language's case: Mon in English, lun in Spanish, seg. in Portuguese.
    names = ", ".join(tr.weekday_name(day) for day in sorted(rule.days))
    at = rule.at.strftime("%H:%M")
    return tr.gettext("{days} at {time} ({timezone})", days=names, time=at, timezone=rule.timezone)


def session_lines(session: DueSession | None, tr: Translator) -> list[str]:
    """The session's title and exercises, one line each, in the reader's language."""
    if session is None:
        return [tr.gettext("Time for your hip session.")]
    lines = [tr.gettext("Today: {title}", title=_title(session, tr))]
    for exercise in session.exercises:
        dose = _dose(exercise, tr)
        lines.append(f"• {exercise.name_in(tr.language.value)}{f' — {dose}' if dose else ''}")
    return lines


def _title(session: DueSession, tr: Translator) -> str:
    """The generator's English title in the reader's language, its main lift named in it."""
    names = {e.name: e.name_in(tr.language.value) for e in session.exercises}
    title = session.title
    if title.endswith(TITLE_SUFFIX):
        main = title[: -len(TITLE_SUFFIX)]
        title = names.get(main, main) + TITLE_SUFFIX
    return session_title(title, tr)


def _dose(exercise: DueExercise, tr: Translator) -> str:
    """'3 series x 8-12 repeticiones, RIR 2, descanso 90 s' (old rows: the English they kept)."""
    dose = exercise.dose
    if isinstance(dose, str):
        return dose
    kind = "activation" if dose.activation else "working"
    planned = Prescription(
        exercise.id, exercise.name, (), (), kind, dose.sets, dose.reps, dose.seconds,
        dose.per_side, dose.rir, exercise.load, dose.rest_seconds, "",
    )  # fmt: skip
    return format_dose(planned, tr)


def checkin_title(checkin: Checkin, tr: Translator) -> str:
    """'Wednesday check-in': the title of the DM and of every update to it."""
    title = tr.gettext("{weekday} check-in", weekday=tr.weekday(checkin.local_day))
    return title[:1].upper() + title[1:]  # "Check-in de segunda-feira", not "de Segunda-feira"


def _answer(checkin: Checkin, tr: Translator) -> str:
    label = ANSWER_LABELS.get(checkin.status)
    return tr.gettext(label) if label is not None else checkin.status.value


def checkin_message(checkin: Checkin, session: DueSession | None, tr: Translator) -> Reply:
    """The DM sent at the scheduled moment, with the answer buttons."""
    answers = tuple(
        Button(tr.gettext(label), f"ci:{checkin.id}:{status.value}")
        for status, label in ANSWER_LABELS.items()
    )
    later = (Button(tr.gettext("Snooze 1 h"), f"ci:{checkin.id}:snooze"),)
    text = "\n".join([*session_lines(session, tr), "", tr.gettext("How did it go?")])
    title = checkin_title(checkin, tr)
    return Reply(text=text, title=title, buttons=(answers, later), private=True)


def difficulty_buttons(checkin_id: int) -> tuple[tuple[Button, ...], ...]:
    """Two rows: 1-5 and 6-10."""
    return tuple(
        tuple(Button(str(n), f"cd:{checkin_id}:{n}") for n in range(first, first + 5))
        for first in (1, 6)
    )


def answered_message(checkin: Checkin, streak: int, tr: Translator) -> Reply:
    """The check-in message after an answer button: what was chosen and the next question."""
    head = session_lines(checkin.session, tr)[0]
    lines = [head, tr.gettext("Your answer: {answer}.", answer=_answer(checkin, tr))]
    buttons: tuple[tuple[Button, ...], ...] = ()
    if checkin.status in (Status.DONE, Status.PARTLY):
        lines.append(
            tr.gettext(
                "Streak: {streak}. How hard did it feel? 1 = very easy, 10 = all-out.",
                streak=tr.number(streak),
            )
        )
        buttons = difficulty_buttons(checkin.id)
    elif checkin.status == Status.SKIPPED:
        lines.append(tr.gettext("No problem, rest days happen. See you at the next one."))
    else:
        lines.append(
            tr.gettext(
                "Sorry to hear that. Stop any movement that hurts, and if the pain is sharp or "
                "keeps coming back, please get it checked by a doctor or physiotherapist."
            )
        )
        buttons = _pain_buttons(checkin, tr)
    title = checkin_title(checkin, tr)
    return Reply(text="\n".join(lines), title=title, buttons=buttons, private=True, edit=True)


def _pain_buttons(checkin: Checkin, tr: Translator) -> tuple[tuple[Button, ...], ...]:
    exercises = checkin.session.exercises if checkin.session else ()
    if not exercises:
        return ()
    language = tr.language.value
    row = [Button(e.name_in(language)[:40], f"cp:{checkin.id}:{e.id}"[:64]) for e in exercises[:6]]
    return (tuple(row), (Button(tr.gettext("Not sure"), f"cp:{checkin.id}:{NO_EXERCISE}"),))


def rated_message(checkin: Checkin, tr: Translator) -> Reply:
    """After a difficulty button: thanks, and buttons to record each working exercise's result."""
    head = session_lines(checkin.session, tr)[0]
    rated = tr.gettext(
        "Your answer: {answer}, effort {effort}/10. Thanks!",
        answer=_answer(checkin, tr),
        effort=checkin.difficulty,
    )
    if (checkin.difficulty or 0) >= 8:
        rated += " " + tr.gettext("Noted: next week will ease off a little.")
    text = f"{head}\n{rated}"
    buttons = result_buttons(checkin, tr)
    if buttons:
        text += "\n" + tr.gettext(
            "Did every set reach the top of its range at the planned effort? Tap per "
            "exercise: it decides whether the load goes up next time."
        )
    title = checkin_title(checkin, tr)
    return Reply(text=text, title=title, buttons=buttons, private=True, edit=True)


def result_buttons(checkin: Checkin, tr: Translator) -> tuple[tuple[Button, ...], ...]:
    """One row per working exercise (at most MAX_RESULT_ROWS): top reached / short."""
    exercises = checkin.session.exercises if checkin.session else ()
    rows: list[tuple[Button, ...]] = []
    for index, exercise in enumerate(exercises):
        if not exercise.working or len(rows) == MAX_RESULT_ROWS:
            continue
        name = exercise.name_in(tr.language.value)[:30]
        top = tr.gettext("{exercise}: top reached", exercise=name)
        rows.append(
            (
                Button(top, f"cr:{checkin.id}:{index}:top"),
                Button(tr.gettext("short"), f"cr:{checkin.id}:{index}:short"),
            )
        )
    return tuple(rows)


def result_noted_message(name: str, reached: bool, load: str | None, tr: Translator) -> Reply:
    """After a result button: what was recorded and what it means for the next session."""
    if reached and load:
        text = tr.gettext(
            "Noted: {exercise} at {load}, top of the range reached. It goes up next time.",
            exercise=name,
            load=load,
        )
    elif reached:
        text = tr.gettext(
            "Noted: {exercise}, top of the range reached. It goes up next time.", exercise=name
        )
    elif load:
        text = tr.gettext(
            "Noted: {exercise} at {load}, short of the top. Same again next time, aim for a "
            "rep more.",
            exercise=name,
            load=load,
        )
    else:
        text = tr.gettext(
            "Noted: {exercise}, short of the top. Same again next time, aim for a rep more.",
            exercise=name,
        )
    return Reply(text=text, private=True)


def pain_noted_message(checkin: Checkin, exercise_name: str | None, tr: Translator) -> Reply:
    """After saying which exercise hurt."""
    head = session_lines(checkin.session, tr)[0]
    if exercise_name is None:
        detail = tr.gettext("Noted. Next week's plan will be gentler.")
    else:
        detail = tr.gettext(
            "Noted: {exercise}. Next week's plan will swap it for something gentler.",
            exercise=exercise_name,
        )
    answer = tr.gettext("Your answer: {answer}.", answer=tr.gettext("Pain"))
    text = f"{head}\n{answer}\n{detail}"
    return Reply(text=text, title=checkin_title(checkin, tr), private=True, edit=True)


def snoozed_message(checkin: Checkin, tr: Translator) -> Reply:
    """After the snooze button."""
    head = session_lines(checkin.session, tr)[0]
    text = f"{head}\n{tr.gettext(SNOOZED)}"
    return Reply(text=text, title=checkin_title(checkin, tr), private=True, edit=True)


SNOOZED = N_("Snoozed: I'll ask again in an hour.")


def unreachable_notice(rule: Rule, tr: Translator) -> str:
    """Why check-ins stopped and how to restart them."""
    return tr.gettext(
        "I couldn't reach you by direct message (I'm blocked, or your settings don't let me "
        "message you), so your check-ins are paused. Send /checkins on to restart them: "
        "{schedule}. Or /checkins on <days> <HH:MM> for a new schedule.",
        schedule=describe_rule(rule, tr),
    )


def weekly_focus(adherence: float | None, too_hard: bool, pain: frozenset[str]) -> str:
    """One sentence about what next week should focus on (marked; translated where shown)."""
    if pain:
        return N_(
            "Next week: gentler choices for what hurt, and stop any movement that causes pain."
        )
    if too_hard:
        return N_("Next week: a little less load so you can keep good form.")
    if adherence is None:
        return N_("Next week: pick the sessions you can really make and let me check in.")
    if adherence < 0.5:
        return N_("Next week: consistency first; even a short session counts.")
    return N_("Next week: keep the rhythm and add a little load or a few reps where it felt easy.")


def summary_message(
    start: date,
    adherence: float | None,
    done: int,
    planned: int,
    streak: int,
    focus: str,
    tr: Translator,
) -> Reply:
    """The weekly summary DM."""
    end = start + timedelta(days=6)
    if adherence is None:
        share = tr.gettext("no scored sessions")
    else:
        share = tr.gettext("{percent} adherence", percent=tr.percent(round(adherence * 100)))
    week = tr.ngettext(
        "Week of {start} – {end}: {done} of {count} session done ({share}).",
        "Week of {start} – {end}: {done} of {count} sessions done ({share}).",
        planned,
        start=tr.pattern(start, "dd MMM"),
        end=tr.pattern(end, "dd MMM"),
        done=tr.number(done),
        share=share,
    )
    current = tr.gettext("Current streak: {streak}.", streak=tr.number(streak))
    text = "\n".join([week, current, tr.gettext(focus)])
    return Reply(text=text, title=tr.gettext("Your week"), private=True)
