"""When a learner's daily push is due: their hour in their own zone, quiet days, pauses.

Times are computed as local wall-clock times and converted to UTC day by day, so a DST change
never shifts the hour: 09:00 stays 09:00 local in summer and in winter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from domain.streaks import zone

DEFAULT_MINUTE_OF_DAY = 9 * 60
IGNORED_PUSHES_BEFORE_PAUSE = 5
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True, slots=True)
class ReminderSettings:
    timezone: str | None = None
    minute_of_day: int = DEFAULT_MINUTE_OF_DAY
    enabled: bool = True
    quiet_weekdays: frozenset[int] = frozenset()  # 0 = Monday
    resume_on: date | None = None  # paused: no pushes on local days before this one


def slot_on(day: date, settings: ReminderSettings) -> datetime:
    """The UTC instant of the learner's push time on a local calendar day."""
    hour, minute = divmod(settings.minute_of_day, 60)
    local = datetime.combine(day, time(hour, minute), tzinfo=zone(settings.timezone))
    return local.astimezone(UTC)  # a time inside a spring-forward gap lands just after it


def next_push_at(settings: ReminderSettings, after: datetime) -> datetime | None:
    """The first push slot strictly after `after`; None when reminders are off or every day is quiet."""
    if not settings.enabled or len(settings.quiet_weekdays) >= 7:
        return None
    day = after.astimezone(zone(settings.timezone)).date()
    if settings.resume_on and settings.resume_on > day:
        day = settings.resume_on
    for offset in range(9):  # a week of quiet days at most, plus today and tomorrow
        candidate = day + timedelta(days=offset)
        if candidate.weekday() in settings.quiet_weekdays:
            continue
        slot = slot_on(candidate, settings)
        if slot > after:
            return slot
    return None


def parse_time_of_day(text: str) -> int | None:
    """'7', '07:30', '7.30', '19h' -> minute of day; None when it is not a time."""
    cleaned = text.strip().lower().removesuffix("h").replace(".", ":")
    hour_text, _, minute_text = cleaned.partition(":")
    if not hour_text.isdigit() or (minute_text and not minute_text.isdigit()):
        return None
    hour, minute = int(hour_text), int(minute_text or 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return hour * 60 + minute


def format_time(minute_of_day: int) -> str:
    return f"{minute_of_day // 60:02d}:{minute_of_day % 60:02d}"
