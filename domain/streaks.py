"""Streaks in the learner's own calendar: a day counts when they read a lesson or finished a review."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def zone(name: str | None) -> ZoneInfo:
    """The learner's zone; UTC until they set one (or if the stored name is unknown)."""
    if not name:
        return ZoneInfo("UTC")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_day(moment: datetime, timezone_name: str | None) -> date:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone(timezone_name)).date()


def end_of_local_day(moment: datetime, timezone_name: str | None) -> datetime:
    """The first instant of the learner's next local day, in UTC (for 'due today')."""
    tz = zone(timezone_name)
    tomorrow = moment.astimezone(tz).date() + timedelta(days=1)
    return datetime(tomorrow.year, tomorrow.month, tomorrow.day, tzinfo=tz).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Streak:
    current: int
    longest: int


def streaks(active_days: Iterable[date], today: date) -> Streak:
    """Current streak: consecutive active days ending today, or ending yesterday while today's
    work is still possible. Longest: the longest run ever."""
    days = sorted(set(active_days))
    longest = run = 0
    previous: date | None = None
    for day in days:
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    active = set(days)
    anchor = today if today in active else today - timedelta(days=1)
    current = 0
    while anchor in active:
        current += 1
        anchor -= timedelta(days=1)
    return Streak(current=current, longest=longest)
