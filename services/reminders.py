"""Daily pushes and the interview plan.

SettingsService changes a learner's reminder settings and interview date (per update).
PushService runs inside the scheduler tick: it claims a learner's push for their local day,
builds its content, and records the outcome. A delivery row per (learner, local day, kind) is
claimed before sending and marked after, so each push happens once; a claim whose sender died is
released after CLAIM_TIMEOUT and retried the same local day.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from content import Course, Lesson
from domain.clock import Clock, SystemClock
from domain.plan import PlanDay, PlanError, check_date, fit_plan
from domain.reminders import IGNORED_PUSHES_BEFORE_PAUSE, ReminderSettings, next_push_at
from domain.streaks import end_of_local_day, local_day, streaks, zone
from services.base import Service

if TYPE_CHECKING:
    from services.presence import Presence
from services.unit_of_work import UnitOfWork, reads, writes
from storage.db import write_gate
from storage.models import User
from storage.push_repository import DAILY, PushRepository
from storage.quiz_repository import QuizRepository
from storage.repositories import ProgressRepository, UserRepository

T = TypeVar("T")
CLAIM_TIMEOUT = timedelta(minutes=2)
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


@dataclass(frozen=True, slots=True)
class PushJob:
    user_id: int
    local_date: date
    kind: str  # daily | auto-pause
    lessons: tuple[Lesson, ...] = ()
    due_reviews: int = 0
    streak: int = 0
    plan_day: PlanDay | None = None
    days_to_interview: int | None = None


class PushService:
    """Used by the scheduler tick; opens its own short sessions (never holds one across a send)."""

    def __init__(
        self, session_factory: async_sessionmaker[Any], course: Course, clock: Clock | None = None,
        presence: Presence | None = None,
    ) -> None:
        self.session_factory = session_factory
        self.course = course
        self.clock = clock or SystemClock()
        self.presence = presence
        self._pending: set[asyncio.Future[Any]] = set()

    async def release_stale_claims(self) -> int:
        async with self.session_factory() as session, write_gate(session), session.begin():
            return await PushRepository(session).release_stale(self.clock.now() - CLAIM_TIMEOUT)

    async def due_user_ids(self, limit: int = 10_000) -> list[int]:
        async with self.session_factory() as session, write_gate(session), session.begin():
            return await PushRepository(session).due_user_ids(self.clock.now(), limit)

    # Claims and outcomes are shielded from cancellation: a tick cancelled at shutdown must not
    # abandon a SQLite transaction half-way (the write lock would outlive the task).
    async def claim(self, user_id: int) -> PushJob | None:
        """Decide this learner's push and claim it; None when nothing is to be sent now."""
        return await self._shielded(self._claim(user_id))

    async def finish(self, job: PushJob, outcome: str, error: str | None = None) -> None:
        """Record the outcome: sent | blocked | failed."""
        await self._shielded(self._finish(job, outcome, error))

    async def _shielded(self, work: Coroutine[Any, Any, T]) -> T:
        task = asyncio.ensure_future(work)
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)
        return await asyncio.shield(task)

    async def drain(self) -> None:
        """Wait for shielded writes still running (after a cancelled tick, before shutdown)."""
        if self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)

    async def _claim(self, user_id: int) -> PushJob | None:
        now = self.clock.now()
        async with self.session_factory() as session, write_gate(session), session.begin():
            pushes = PushRepository(session)
            user = await UserRepository(session).get(user_id)
            if user is None or user.next_push_at is None or user.next_push_at > now:
                return None
            if not (user.is_active and user.reminders_on):
                user.next_push_at = None
                return None
            slot_day = local_day(user.next_push_at, user.timezone)
            if local_day(now, user.timezone) != slot_day:
                reschedule(user, now)  # it fell due on a day that is over: never two on one day
                return None
            existing = await pushes.delivery(user_id, slot_day)
            if existing is not None:
                if existing.status != "claimed":
                    reschedule(user, now)
                return None  # in flight elsewhere, or done
            if await pushes.active_on(user_id, slot_day):
                await pushes.claim(user_id, slot_day, now, status="skipped")  # today's work is done: no nag
                reschedule(user, now)
                return None
            await pushes.claim(user_id, slot_day, now)
            if user.ignored_pushes >= IGNORED_PUSHES_BEFORE_PAUSE:
                return PushJob(user_id, slot_day, "auto-pause")
            return await self._content(session, user, slot_day, now)

    async def _content(self, session: AsyncSession, user: User, today: date, now: datetime) -> PushJob:
        completed = await ProgressRepository(session).completed_ids(user.id)
        quiz = QuizRepository(session)
        due = await quiz.count_due(user.id, end_of_local_day(now, user.timezone))
        streak = streaks(await quiz.active_days(user.id), today).current
        if user.interview_date == today:
            return PushJob(user.id, today, DAILY, due_reviews=due, streak=streak, days_to_interview=0)
        plan = plan_for(self.course, user, completed, today)
        if plan:
            day = plan[0]
            planned = tuple(self.course.lessons_by_id[lid] for lid in day.lesson_ids)
            left = (user.interview_date - today).days if user.interview_date else None
            return PushJob(user.id, today, DAILY, planned, due, streak, day, left)
        path = self.course.path(user.path_id) if user.path_id else None
        unread = [lid for lid in path.lesson_ids if lid not in completed] if path else []
        lessons = tuple(self.course.lessons_by_id[lid] for lid in unread[: user.pace])  # pace: lessons a day
        return PushJob(user.id, today, DAILY, lessons, due, streak)

    async def _finish(self, job: PushJob, outcome: str, error: str | None) -> None:
        now = self.clock.now()
        async with self.session_factory() as session, write_gate(session), session.begin():
            pushes = PushRepository(session)
            user = await UserRepository(session).get(job.user_id)
            delivery = await pushes.delivery(job.user_id, job.local_date)
            if delivery is None:  # released as stale while this send was still finishing: record it again
                delivery = await pushes.claim(job.user_id, job.local_date, now)
            delivery.status, delivery.finished_at, delivery.error = outcome, now, (error or None)
            delivery.attempts += 1
            if user is None:
                return
            if outcome == "blocked":
                if self.presence is not None:
                    self.presence.forget(user.id)  # so that a message from them reactivates them
                user.is_active = False
                user.next_push_at = None
                return
            if outcome == "sent" and job.kind == "auto-pause":
                user.reminders_on = False
                user.next_push_at = None
                return
            if outcome == "sent":
                user.ignored_pushes += 1
                if self.presence is not None:
                    self.presence.forget(user.id)  # their next tap must reset the count
            reschedule(user, now)
