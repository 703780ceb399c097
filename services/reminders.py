"""A learner's reminder settings and interview date (per update), and the rules both the
settings and the push tick (services.pushes) use to schedule the next push."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from content import Course
from domain.clock import Clock
from domain.plan import PlanDay, PlanError, check_date, fit_plan
from domain.reminders import ReminderSettings, next_push_at
from domain.streaks import local_day, zone
from domain.timezones import resolve_zone
from services import text_claim
from services.base import Service
from services.unit_of_work import UnitOfWork, reads, writes
from storage.models import User
from storage.repositories import ProgressRepository, UserRepository

PAUSE_CHOICES = (3, 7, 14)


def settings_of(user: User) -> ReminderSettings:
    quiet = frozenset(int(day) for day in user.quiet_days.split(",") if day.strip().isdigit())
    return ReminderSettings(
        timezone=user.timezone, minute_of_day=user.remind_minute, enabled=user.reminders_on,
        quiet_weekdays=quiet, resume_on=user.resume_on,
    )


def reschedule(user: User, now: datetime) -> None:
    """Recompute the next push from the learner's settings (no path yet: nothing to push)."""
    user.next_push_at = next_push_at(settings_of(user), now) if user.path_id and user.is_active else None


def plan_for(course: Course, user: User, completed: set[str], today: date) -> list[PlanDay]:
    """The interview plan re-fitted from today; [] without an interview date or path."""
    path = course.path(user.path_id) if user.path_id else None
    if user.interview_date is None or path is None:
        return []
    unread = [(lid, course.lessons_by_id[lid].minutes) for lid in path.lesson_ids if lid not in completed]
    try:
        return fit_plan(unread, today, user.interview_date, refit=True)
    except PlanError:
        return []  # the interview day itself, or a date already past


@dataclass(frozen=True, slots=True)
class SettingsView:
    timezone: str
    minute_of_day: int
    reminders_on: bool
    pace: int
    quiet_weekdays: frozenset[int]
    resume_on: date | None
    next_push_local: datetime | None
    interview_date: date | None
    has_path: bool
    timezone_chosen: bool = False  # False: UTC because nobody asked yet


class SettingsService(Service):
    def __init__(self, session: AsyncSession, course: Course, clock: Clock | None = None) -> None:
        super().__init__(session, course, clock)
        self.users = UserRepository(session)
        self.progress = ProgressRepository(session)

    async def _user(self, user_id: int) -> User:
        unit = UnitOfWork.of(self.session)
        if unit.writing:  # the update's write transaction recorded the learner first
            user = await self.users.get(user_id)
            if user is None:
                raise LookupError(user_id)
            return user
        return await self.users.get_or_blank(user_id, self.clock.now())

    def _view(self, user: User) -> SettingsView:
        tz = zone(user.timezone)
        return SettingsView(
            timezone=user.timezone or "UTC",
            minute_of_day=user.remind_minute,
            reminders_on=user.reminders_on,
            pace=user.pace,
            quiet_weekdays=settings_of(user).quiet_weekdays,
            resume_on=user.resume_on,
            next_push_local=user.next_push_at.astimezone(tz) if user.next_push_at else None,
            interview_date=user.interview_date,
            has_path=user.path_id is not None,
            timezone_chosen=user.timezone is not None,
        )

    async def _change(self, user_id: int, **fields: Any) -> SettingsView:
        user = await self._user(user_id)
        for name, value in fields.items():
            setattr(user, name, value)
        reschedule(user, self.clock.now())
        return self._view(user)

    @reads
    async def view(self, user_id: int) -> SettingsView:
        return self._view(await self._user(user_id))

    @writes
    async def set_timezone(self, user_id: int, name: str) -> SettingsView:
        zone_name = str(zone(name).key)
        if zone_name == "UTC" and name.upper() not in ("UTC", "ETC/UTC"):
            raise ValueError(f"unknown time zone {name!r}")
        text_claim.release(await self._user(user_id), text_claim.TIMEZONE)
        return await self._change(user_id, timezone=zone_name)

    @writes
    async def ask_timezone(self, user_id: int) -> None:
        """Onboarding asks where the learner is: a city typed next answers it."""
        text_claim.claim(await self._user(user_id), text_claim.TIMEZONE)

    @writes
    async def keep_utc(self, user_id: int) -> SettingsView:
        """'Skip' at the onboarding question: UTC, chosen on purpose now."""
        text_claim.release(await self._user(user_id), text_claim.TIMEZONE)
        return await self._change(user_id, timezone="UTC")

    @reads
    async def timezone_from_text(self, user_id: int, text: str) -> SettingsView | str:
        """A message while the timezone question is open: the view once set, "unknown" for a
        place no zone matches, "not-asked" when the question is not open (a read: free text
        that is not an answer takes no write lock)."""
        if not text_claim.owns(await self._user(user_id), text_claim.TIMEZONE):
            return "not-asked"
        zone_name = resolve_zone(text)
        if zone_name is None:
            return "unknown"
        return await self._typed_zone(user_id, zone_name)

    @writes
    async def _typed_zone(self, user_id: int, zone_name: str) -> SettingsView:
        text_claim.release(await self._user(user_id), text_claim.TIMEZONE)
        return await self._change(user_id, timezone=zone_name)

    @writes
    async def set_time(self, user_id: int, minute_of_day: int) -> SettingsView:
        if not 0 <= minute_of_day < 24 * 60:
            raise ValueError("minute of day out of range")
        return await self._change(user_id, remind_minute=minute_of_day, reminders_on=True)

    @writes
    async def set_pace(self, user_id: int, pace: int) -> SettingsView:
        return await self._change(user_id, pace=min(3, max(1, pace)))

    @writes
    async def toggle_weekends(self, user_id: int) -> SettingsView:
        user = await self._user(user_id)
        quiet = settings_of(user).quiet_weekdays
        quiet = quiet - {5, 6} if {5, 6} <= quiet else quiet | {5, 6}
        return await self._change(user_id, quiet_days=",".join(str(d) for d in sorted(quiet)))

    @writes
    async def pause(self, user_id: int, days: int) -> SettingsView:
        user = await self._user(user_id)
        today = local_day(self.clock.now(), user.timezone)
        return await self._change(user_id, resume_on=today + timedelta(days=days), reminders_on=True)

    @writes
    async def resume(self, user_id: int) -> SettingsView:
        return await self._change(user_id, resume_on=None, reminders_on=True, ignored_pushes=0)

    @writes
    async def turn_off(self, user_id: int) -> SettingsView:
        return await self._change(user_id, reminders_on=False)

    @writes
    async def set_interview(self, user_id: int, interview: date | None) -> list[PlanDay]:
        """Set (or clear, with None) the interview date; PlanError for unusable dates."""
        user = await self._user(user_id)
        if interview is not None:
            check_date(local_day(self.clock.now(), user.timezone), interview)
            if user.path_id is None:
                user.path_id = "fast-track" if self.course.path("fast-track") else self.course.paths[0].id
        user.interview_date = interview
        reschedule(user, self.clock.now())
        return await self._plan(user)

    async def _plan(self, user: User) -> list[PlanDay]:
        completed = await self.progress.completed_ids(user.id)
        return plan_for(self.course, user, completed, local_day(self.clock.now(), user.timezone))

    @reads
    async def plan(self, user_id: int) -> tuple[date | None, list[PlanDay]]:
        user = await self._user(user_id)
        return user.interview_date, await self._plan(user)

    @reads
    async def today(self, user_id: int) -> date:
        user = await self._user(user_id)
        return local_day(self.clock.now(), user.timezone)
