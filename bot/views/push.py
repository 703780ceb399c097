"""Texts and buttons of the daily push, /settings and /interview."""

from __future__ import annotations

from datetime import date
from html import escape

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import InterviewCb, MenuCb, PageCb, PathCb, ReviewCb, SettingsCb
from bot.views.paging import pack
from content import Course
from domain.plan import LEARN, LIGHT, MOCK, REVIEW, PlanDay, PlanError
from domain.reminders import WEEKDAY_NAMES, format_time
from services.pushes import PushJob
from services.reminders import PAUSE_CHOICES, SettingsView

AUTO_PAUSE = (
    "I've sent your daily lesson five days in a row without hearing back, so I've paused the "
    "reminders. No worries: everything you've done is saved. Send /settings to turn them back on "
    "whenever you like, or just /today when you have a few minutes."
)


def push(job: PushJob, course: Course) -> tuple[str, InlineKeyboardMarkup]:
    lines: list[str] = []
    builder = InlineKeyboardBuilder()
    if job.days_to_interview == 0:
        lines.append("🎯 <b>Interview day.</b> You've done the work: clarify requirements first, say the "
                     "trade-offs out loud, and keep an eye on the clock. Good luck!")
        builder.button(text="📌 Numbers to know", callback_data=MenuCb(target="cheatsheet"))
        builder.adjust(1)
        return "\n".join(lines), builder.as_markup()
    if job.plan_day is not None and job.days_to_interview is not None:
        days = "day" if job.days_to_interview == 1 else "days"
        lines.append(f"🎯 <b>{job.days_to_interview} {days} to your interview</b>")
        lines.append(plan_line(job.plan_day, course))
        lines.append("")
    if job.lessons:
        lines.append("☀️ <b>Today's lesson" + ("s" if len(job.lessons) > 1 else "") + "</b>")
        for lesson in job.lessons:
            lines.append(f"• {escape(lesson.title, quote=False)} (about {lesson.minutes} min)")
        first = job.lessons[0]
        builder.button(text=f"📖 Open: {first.title}"[:60], callback_data=PageCb(lesson_id=first.id, page=1))
    elif job.plan_day is None:
        lines.append("☀️ You've read every lesson on your path. A review keeps it fresh.")
    if job.due_reviews:
        lines.append(f"🗂 {job.due_reviews} review{'s' if job.due_reviews != 1 else ''} due")
        builder.button(text="🗂 Review now", callback_data=ReviewCb(chapter_id=""))
    if job.streak:
        lines.append(f"🔥 Streak: {job.streak} day{'s' if job.streak != 1 else ''}")
    builder.button(text="⚙️ Settings", callback_data=MenuCb(target="settings"))
    builder.adjust(1)
    return "\n".join(lines), builder.as_markup()


def plan_line(day: PlanDay, course: Course) -> str:
    when = day.day.strftime("%a %d %b")
    if day.kind == LEARN:
        titles = ", ".join(escape(course.lessons_by_id[lid].title, quote=False) for lid in day.lesson_ids)
        count = "1 lesson" if len(day.lesson_ids) == 1 else f"{len(day.lesson_ids)} lessons"
        return f"{when} · {count}, {day.minutes} min: {titles}"
    return f"{when} · " + {
        REVIEW: "review day: /review and /mistakes",
        MOCK: "mock interview: a timed /mock round, then a full design problem with /drill",
        LIGHT: "light day: skim your summaries, rest, sleep well",
    }[day.kind]


def plan(interview: date, days: list[PlanDay], course: Course) -> list[str]:
    """The whole schedule, split into messages under Telegram's limit."""
    header = f"🎯 <b>Your plan to {interview.strftime('%a %d %b %Y')}</b> ({len(days)} days)\n"
    total = sum(day.minutes for day in days)
    header += f"{sum(len(d.lesson_ids) for d in days)} lessons, about {total} min in all. "
    header += "I'll send each day's part with your daily lesson, and re-fit the rest if you fall behind or get ahead.\n"
    last = f"{interview.strftime('%a %d %b')} · 🎯 interview day: clarify first, say the trade-offs out loud\n"
    return pack(header, [*(plan_line(day, course) + "\n" for day in days), last])


def plan_error(error: PlanError, today: date) -> str:
    if error.reason == "past":
        return "That date is in the past. Send it as /interview YYYY-MM-DD, for example a date two or three weeks away."
    if error.reason == "too-close":
        return (
            "That's too close for a plan (I need at least 2 days). Tonight: skim /chapters summaries "
            "and run a /quiz; tomorrow, rest. Good luck!"
        )
    return (
        f"That's {error.days_left} days away: too far for a day-by-day plan. Pick a path with /path "
        "and a daily pace in /settings, and set the date again when it's under six months away."
    )


def fast_track_tip(path_title: str) -> str:
    return (
        f"\nThis plan follows your path, {escape(path_title, quote=False)}. The Interview Fast-Track "
        "path covers the ground interviews probe in far fewer lessons; switch and the plan re-fits."
    )


def fast_track_button() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text="🚀 Switch to the Interview Fast-Track", callback_data=PathCb(path_id="fast-track"))
    return builder.as_markup()


BAD_DATE = "I couldn't read that date. Send /interview YYYY-MM-DD, for example /interview {example}, or tap a button."


def interview_picker(today: date) -> InlineKeyboardMarkup:
    from datetime import timedelta

    builder = InlineKeyboardBuilder()
    for weeks in (1, 2, 3, 4, 6):
        day = today + timedelta(weeks=weeks)
        builder.button(text=f"In {weeks} week{'s' if weeks > 1 else ''} ({day.strftime('%d %b')})",
                       callback_data=InterviewCb(day=day.isoformat()))
    builder.adjust(1)
    return builder.as_markup()


def settings(view: SettingsView) -> str:
    quiet = ", ".join(WEEKDAY_NAMES[d] for d in sorted(view.quiet_weekdays)) or "none"
    if not view.reminders_on:
        status = "off"
    elif view.next_push_local:
        status = f"next on {view.next_push_local.strftime('%a %d %b at %H:%M')}"
    else:
        status = "on once you pick a path (/path)" if not view.has_path else "on"
    lines = [
        "⚙️ <b>Settings</b>",
        "",
        f"🌍 Timezone: {escape(view.timezone, quote=False)}",
        f"⏰ Daily lesson at {format_time(view.minute_of_day)} ({status})",
        f"📚 Pace: {view.pace} lesson{'s' if view.pace > 1 else ''} a day",
        f"🗓 Days off: {quiet}",
    ]
    if view.resume_on:
        lines.append(f"⏸ Paused until {view.resume_on.strftime('%a %d %b')}")
    if view.interview_date:
        lines.append(f"🎯 Interview: {view.interview_date.strftime('%a %d %b %Y')} (/interview)")
    lines += ["", "Type /timezone Europe/Berlin (or a city), /time 07:30, or use the buttons."]
    return "\n".join(lines)


def settings_keyboard(view: SettingsView) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text="🌍 Timezone", callback_data=SettingsCb(action="tz", value=""))
    builder.button(text="⏰ Time", callback_data=SettingsCb(action="time", value=""))
    for pace in (1, 2, 3):
        mark = "✅ " if view.pace == pace else ""
        builder.button(text=f"{mark}{pace}/day", callback_data=SettingsCb(action="pace", value=str(pace)))
    weekends = {5, 6} <= view.quiet_weekdays
    weekends_label = ("✅ " if weekends else "") + "Weekends off"
    builder.button(text=weekends_label, callback_data=SettingsCb(action="weekends", value=""))
    if view.resume_on or not view.reminders_on:
        builder.button(text="▶️ Resume reminders", callback_data=SettingsCb(action="resume", value=""))
    else:
        for days in PAUSE_CHOICES:
            builder.button(text=f"⏸ {days} days", callback_data=SettingsCb(action="pause", value=str(days)))
        builder.button(text="🔕 Reminders off", callback_data=SettingsCb(action="off", value=""))
    builder.adjust(2, 3, 1, 3, 1)
    return builder.as_markup()


REGIONS: dict[str, tuple[str, ...]] = {
    "Europe": ("Europe/London", "Europe/Lisbon", "Europe/Paris", "Europe/Berlin", "Europe/Warsaw",
               "Europe/Kyiv", "Europe/Istanbul", "Europe/Moscow"),
    "Americas": ("America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York",
                 "America/Toronto", "America/Mexico_City", "America/Bogota", "America/Sao_Paulo"),
    "Asia": ("Asia/Dubai", "Asia/Karachi", "Asia/Kolkata", "Asia/Dhaka", "Asia/Bangkok", "Asia/Singapore",
             "Asia/Shanghai", "Asia/Tokyo"),
    "Africa": ("Africa/Casablanca", "Africa/Lagos", "Africa/Cairo", "Africa/Johannesburg", "Africa/Nairobi"),
    "Oceania": ("Australia/Perth", "Australia/Sydney", "Pacific/Auckland"),
    "UTC": ("UTC",),
}


def regions_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for region in REGIONS:
        builder.button(text=region, callback_data=SettingsCb(action="region", value=region))
    builder.adjust(3)
    builder.row(InlineKeyboardButton(text="◀ Settings", callback_data=MenuCb(target="settings").pack()))
    return builder.as_markup()


def zones_keyboard(region: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for name in REGIONS.get(region, ()):
        builder.button(text=name.split("/")[-1].replace("_", " "), callback_data=SettingsCb(action="zone", value=name))
    builder.adjust(2)
    builder.row(InlineKeyboardButton(text="◀ Regions", callback_data=SettingsCb(action="regions", value="").pack()))
    return builder.as_markup()


def hours_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for hour in range(6, 23):
        builder.button(text=f"{hour:02d}:00", callback_data=SettingsCb(action="at", value=str(hour * 60)))
    builder.adjust(4)
    return builder.as_markup()


def daily_note(view: SettingsView) -> str:
    if not view.reminders_on:
        return "Daily reminders are off; /settings turns them on."
    return (
        f"⏰ I'll send your lesson every day at {format_time(view.minute_of_day)} "
        f"({escape(view.timezone, quote=False)}). Change the time or timezone in /settings."
    )


def onboarding_timezone(view: SettingsView) -> str:
    return (
        f"🌍 One question, so your daily lesson comes at {format_time(view.minute_of_day)} <i>your</i> time: "
        "where are you? Pick a region below, type your city (Berlin, São Paulo, New York…), or share "
        "your location with the button under your keyboard. Skip keeps UTC."
    )


def first_push(view: SettingsView) -> str:
    when = view.next_push_local.strftime("%a %d %b at %H:%M") if view.next_push_local else "tomorrow"
    return (
        f"🌍 Timezone: {escape(view.timezone, quote=False)}. Your first daily lesson comes {when} your time. "
        "Change it any time in /settings."
    )


def onboarding_regions() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for region in REGIONS:
        builder.button(text=region, callback_data=SettingsCb(action="region", value=region))
    builder.adjust(3)
    builder.row(InlineKeyboardButton(text="Skip: keep UTC", callback_data=SettingsCb(action="utc", value="").pack()))
    return builder.as_markup()


TIMEZONE_PROMPT = (
    "Pick your region, type a city or zone name (/timezone Lisbon, /timezone America/Chicago), "
    "or share your location with the button below your keyboard."
)
TIME_PROMPT = "When should your daily lesson arrive? Tap an hour, or type /time 07:30."
