"""checkins (show / on / off / snooze), progress, and the check-in buttons ci:, cd:, cp:, cr:."""

from __future__ import annotations

import asyncio
from zoneinfo import ZoneInfo

from bot.checkins.answers import STALE
from bot.checkins.charts import progress_chart
from bot.checkins.messages import (
    SNOOZED,
    answered_message,
    describe_rule,
    pain_noted_message,
    rated_message,
    result_noted_message,
    snoozed_message,
)
from bot.checkins.progress import Progress
from bot.checkins.schedule_actions import UNREACHABLE
from bot.checkins.schedules import Schedule
from bot.commands.base import Command, Context, Registry
from bot.commands.declare import Args, Form, Param
from bot.errors import BadInput
from bot.i18n import Translator
from bot.marks import N_
from bot.numbers import whole_number
from bot.types import Attachment, Reply

USAGE = N_(
    "Use /checkins on <days> <HH:MM> [timezone] (e.g. /checkins on mon,wed,fri 18:00 "
    "Europe/Berlin), /checkins off, /checkins snooze, or /checkins to see your schedule."
)


def _next_line(schedule: Schedule, tr: Translator) -> str:
    if schedule.next_due_at is None:
        return ""
    local = schedule.next_due_at.astimezone(ZoneInfo(schedule.rule.timezone))
    return tr.gettext(
        "Next check-in: {when} ({timezone}).",
        when=tr.pattern(local, "EEE dd MMM, HH:mm"),
        timezone=schedule.rule.timezone,
    )


async def _notice(context: Context) -> list[Reply]:
    text = await context.take_notice()
    return [Reply(text=text, private=True, notice=True)] if text else []


async def checkins_command(context: Context, args: Args) -> list[Reply]:
    """Show, set, pause or snooze the check-in schedule."""
    service = context.services.checkins
    athlete_id = await context.athlete_id()
    tr = await context.translator()
    if args.sub == "on":
        schedule = await _turn_on(context, athlete_id, args)
        return [confirm(schedule, tr, where=context.in_group)]
    if args.sub == "off":
        changed = await service.turn_off(athlete_id)
        paused = N_("Check-ins paused. /checkins on brings them back.")
        return [Reply(text=tr.gettext(paused if changed else N_("They're off.")), private=True)]
    if args.sub == "snooze":
        await service.snooze(athlete_id)
        return [Reply(text=tr.gettext(SNOOZED), private=True)]
    return [*await _notice(context), await _show(context, athlete_id, tr)]


async def _turn_on(context: Context, athlete_id: int, args: Args) -> Schedule:
    """`on` alone resumes the stored schedule; with days and a time it sets a new one."""
    service, platform = context.services.checkins, context.incoming.user.platform
    days, time, timezone = args.text("days"), args.text("time"), args.text("timezone")
    if days is None and time is None and timezone is None:
        return await service.resume(athlete_id, platform)
    if days is None or time is None:
        raise BadInput(USAGE)
    if timezone is None:
        timezone = (await context.services.athletes.profile(athlete_id)).timezone
    return await service.turn_on(athlete_id, days, time, timezone, platform)


def confirm(schedule: Schedule, tr: Translator, lead: str = "", *, where: bool = False) -> Reply:
    """'Check-ins on: <days at time (zone)>. Next check-in: ...', after an optional lead line;
    with `where` (asked in a group), also that they come by direct message."""
    on = tr.gettext("Check-ins on: {schedule}.", schedule=describe_rule(schedule.rule, tr))
    text = f"{lead}{on}\n{_next_line(schedule, tr)}"
    if where:
        text += "\n" + tr.gettext("They come to you as direct messages from me.")
    return Reply(text=text, title=tr.gettext("Check-ins"), private=True)


async def _show(context: Context, athlete_id: int, tr: Translator) -> Reply:
    schedule = await context.services.checkins.schedule(athlete_id)
    if schedule is None:
        text = tr.gettext("Check-ins are off.") + " " + tr.gettext(USAGE)
    elif not schedule.active:
        paused = N_("Check-ins are paused: {schedule}. /checkins on resumes them.")
        if schedule.paused_reason == UNREACHABLE:
            paused = N_(
                "Check-ins are paused because I couldn't reach you: {schedule}. "
                "/checkins on resumes them."
            )
        text = tr.gettext(paused, schedule=describe_rule(schedule.rule, tr))
    else:
        shown = tr.gettext("Check-ins: {schedule}.", schedule=describe_rule(schedule.rule, tr))
        text = f"{shown}\n{_next_line(schedule, tr)}"
        open_one = await context.services.checkins.latest_open(athlete_id)
        if open_one is not None:
            waiting = N_("Waiting for your answer: the check-in of {day}.")
            day = tr.pattern(open_one.local_day, "EEE dd MMM")
            text += "\n" + tr.gettext(waiting, day=day)
    return Reply(text=text, title=tr.gettext("Check-ins"), private=True)


async def progress_command(context: Context, _args: Args) -> list[Reply]:
    """Streak, adherence per week, sessions done and a chart."""
    athlete_id = await context.athlete_id()
    tr = await context.translator()
    progress = await context.services.checkins.progress(athlete_id, tr.language.value)
    weeks = [(week.week_start, week.adherence) for week in progress.weeks]
    charts: tuple[Attachment, ...] = ()
    if weeks:  # an empty chart says nothing; the text already explains how to start
        # Drawing takes a moment; keep the event loop free for other users.
        png = await asyncio.to_thread(progress_chart, weeks, progress.volumes, tr)
        charts = (Attachment("hipcoach-progress.png", png, "image/png"),)
    title = tr.gettext("Your progress")
    reply = Reply(text=_progress_text(progress, tr), title=title, attachments=charts, private=True)
    return [*await _notice(context), reply]


def _progress_text(progress: Progress, tr: Translator) -> str:
    lines = [
        tr.gettext("Streak: {count}", count=tr.number(progress.streak)),
        tr.gettext("Check-in sessions done: {count}", count=tr.number(progress.sessions_done)),
        tr.gettext("Sessions logged with /log: {count}", count=tr.number(progress.sessions_logged)),
    ]
    if progress.weeks:
        lines.append(tr.gettext("Adherence per week:"))
        for week in progress.weeks:
            share = "—" if week.adherence is None else tr.percent(round(week.adherence * 100))
            day = tr.pattern(week.week_start, "dd MMM")
            lines.append("  " + tr.gettext("week of {day}: {share}", day=day, share=share))
    else:
        lines.append(
            tr.gettext("No check-ins yet. Start them with /checkins on mon,wed,fri 18:00.")
        )
    return "\n".join(lines)


def _checkin_id(parts: list[str]) -> int:
    checkin_id = whole_number(parts[0], 1) if len(parts) == 2 else None
    if checkin_id is None:
        raise BadInput(STALE)
    return checkin_id


async def answer_action(context: Context, parts: list[str]) -> list[Reply]:
    """ci:<id>:<done|partly|skipped|pain|snooze>."""
    checkin_id = _checkin_id(parts)
    service = context.services.checkins
    if parts[1] == "snooze":
        snoozed = await service.snooze(await context.athlete_id(), checkin_id)
        return [snoozed_message(snoozed, await context.translator())]
    checkin, streak = await service.answer(context.identify, checkin_id, parts[1])
    return [answered_message(checkin, streak, await context.translator())]


async def difficulty_action(context: Context, parts: list[str]) -> list[Reply]:
    """cd:<id>:<1-10>."""
    checkin_id = _checkin_id(parts)
    checkin = await context.services.checkins.rate(await context.athlete_id(), checkin_id, parts[1])
    return [rated_message(checkin, await context.translator())]


async def pain_action(context: Context, parts: list[str]) -> list[Reply]:
    """cp:<id>:<exercise-id|none>."""
    checkin_id = _checkin_id(parts)
    athlete_id = await context.athlete_id()
    checkin, hurt = await context.services.checkins.report_pain(athlete_id, checkin_id, parts[1])
    tr = await context.translator()
    return [pain_noted_message(checkin, hurt.name_in(tr.language.value) if hurt else None, tr)]


async def result_action(context: Context, parts: list[str]) -> list[Reply]:
    """cr:<id>:<exercise index>:<top|short>."""
    if len(parts) != 3 or parts[2] not in ("top", "short"):
        raise BadInput(STALE)
    checkin_id = _checkin_id(parts[:2])
    athlete_id = await context.athlete_id()
    reached = parts[2] == "top"
    done = await context.services.checkins.record_result(athlete_id, checkin_id, parts[1], reached)
    tr = await context.translator()
    return [result_noted_message(done.name_in(tr.language.value), reached, done.load, tr)]


CHECKIN_FORMS = (
    Form(
        "on",
        N_("a DM on your training days at a set time (alone: resume)"),
        (
            Param("days", N_("Weekdays, comma separated: mon,wed,fri"), low=3, high=40),
            Param("time", N_("Local time as HH:MM, e.g. 18:30"), low=4, high=5),
            Param("timezone", N_("Your timezone (default: your profile's)"), suggest="timezone"),
        ),
    ),
    Form("off", N_("stop check-in DMs")),
    Form("snooze", N_("skip the next check-in")),
    Form("show", N_("your current check-in schedule")),
)


def register(registry: Registry) -> None:
    """Add checkins, progress and the check-in buttons."""
    registry.add(
        Command(
            "checkins",
            N_("DM check-ins on your training days"),
            checkins_command,
            CHECKIN_FORMS,
            default="show",
        )
    )
    progress = Form(slow=True)
    summary = N_("your streak, adherence and a chart")
    registry.add(Command("progress", summary, progress_command, (progress,)))
    registry.add_action("ci", answer_action)
    registry.add_action("cd", difficulty_action)
    registry.add_action("cp", pain_action)
    registry.add_action("cr", result_action)
