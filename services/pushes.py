"""The daily push, in batches: claim a batch of due learners in one transaction, send, then record
a batch of outcomes in one transaction.

A delivery row per (learner, local day, kind) is claimed before sending and marked after, so each
push happens once; a claim whose sender died is released after CLAIM_TIMEOUT and retried the same
local day. On PostgreSQL the claim locks the learners' rows with SKIP LOCKED, so instances that
tick at the same minute split the due learners between them instead of queueing on each other.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from content import Course, Lesson
from domain.clock import Clock, SystemClock
from domain.plan import PlanDay
from domain.reminders import IGNORED_PUSHES_BEFORE_PAUSE
from domain.streaks import end_of_local_day, local_day, streaks
from services.reminders import plan_for, reschedule
from storage.db import write_gate
from storage.models import Delivery, User
from storage.push_repository import DAILY, PushRepository

if TYPE_CHECKING:
    from services.presence import Presence

T = TypeVar("T")
CLAIM_TIMEOUT = timedelta(minutes=2)
# Delivery rows only guard against a second push on the same local day; a week is plenty for
# every time zone and for /admin, and keeps the table at about a week of learners.
KEEP_DELIVERIES = timedelta(days=7)
PRUNE_BATCH = 5_000  # rows per tick: a few ms of write lock, far above one day's rows / 1440


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


@dataclass(frozen=True, slots=True)
class Outcome:
    job: PushJob
    status: str  # sent | blocked | failed
    error: str | None = None


class PushService:
    """Used by the scheduler tick; opens its own short sessions (never holds one across a send)."""

    def __init__(
        self, session_factory: async_sessionmaker[Any], course: Course, clock: Clock | None = None,
        presence: Presence | None = None, claim_timeout: timedelta = CLAIM_TIMEOUT,
    ) -> None:
        self.session_factory = session_factory
        self.course = course
        self.clock = clock or SystemClock()
        self.presence = presence
        self.claim_timeout = claim_timeout
        self._pending: set[asyncio.Future[Any]] = set()

    async def housekeeping(self) -> tuple[int, int]:
        """Release claims whose sender died and prune old deliveries: (released, pruned).
        Both look before they lock, so a quiet minute costs two indexed reads and no write lock."""
        now = self.clock.now()
        stale_before = now - self.claim_timeout
        oldest_kept = (now - KEEP_DELIVERIES).date()
        async with self.session_factory() as session:
            repository = PushRepository(session)
            stale = await repository.has_stale_claims(stale_before)
            old = await repository.has_deliveries_before(oldest_kept)
            await session.rollback()
            if not (stale or old):
                return 0, 0
        async with self.session_factory() as session, write_gate(session), session.begin():
            repository = PushRepository(session)
            released = await repository.release_stale(stale_before) if stale else 0
            pruned = await repository.prune_before(oldest_kept, PRUNE_BATCH) if old else 0
            return released, pruned

    async def due_user_ids(self, limit: int = 10_000) -> list[int]:
        async with self.session_factory() as session, session.begin():
            due = await PushRepository(session).due_user_ids(self.clock.now(), limit)
        if self.session_factory.kw["bind"].dialect.name == "postgresql":
            # Instances ticking at once walk the list in different orders, so their claims
            # (SKIP LOCKED) rarely collide and each takes its share of the minute.
            random.shuffle(due)
        return due

    # Claims and outcomes are shielded from cancellation: a tick cancelled at shutdown must not
    # abandon a SQLite transaction half-way (the write lock would outlive the task).
    async def claim(self, user_ids: Sequence[int]) -> list[PushJob]:
        """Decide and claim the push of each learner in `user_ids` that is due now."""
        return await self._shielded(self._claim(user_ids))

    async def finish(self, outcomes: Sequence[Outcome]) -> None:
        """Record the outcomes of a batch of sends."""
        await self._shielded(self._finish(outcomes))

    async def _shielded(self, work: Coroutine[Any, Any, T]) -> T:
        task = asyncio.ensure_future(work)
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)
        return await asyncio.shield(task)

    async def drain(self) -> None:
        """Wait for shielded writes still running (after a cancelled tick, before shutdown)."""
        while self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)

    async def _claim(self, user_ids: Sequence[int]) -> list[PushJob]:
        now = self.clock.now()
        async with self.session_factory() as session, write_gate(session), session.begin():
            pushes = PushRepository(session)
            candidates: dict[int, date] = {}  # learner -> the local day their push is for
            users = {user.id: user for user in await pushes.lock_users(user_ids)}
            for user in users.values():
                if user.next_push_at is None or user.next_push_at > now:
                    continue  # done meanwhile (another instance, or the learner changed settings)
                if not (user.is_active and user.reminders_on):
                    user.next_push_at = None
                    continue
                slot_day = local_day(user.next_push_at, user.timezone)
                if local_day(now, user.timezone) != slot_day:
                    reschedule(user, now)  # it fell due on a day that is over: never two on one day
                    continue
                candidates[user.id] = slot_day
            existing = await pushes.deliveries(candidates.items())
            worked = await pushes.active_on(candidates.items())
            claimed: list[User] = []
            rows: list[dict[str, Any]] = []
            for user_id, slot_day in candidates.items():
                user = users[user_id]
                status = existing.get(user_id)
                if status is not None:
                    if status != "claimed":
                        reschedule(user, now)
                    continue  # in flight elsewhere, or done
                if user_id in worked:  # today's work is done: no nag
                    rows.append(_delivery(user_id, slot_day, now, "skipped"))
                    reschedule(user, now)
                    continue
                rows.append(_delivery(user_id, slot_day, now, "claimed"))
                claimed.append(user)
            await pushes.insert_deliveries(rows)
            return await self._jobs(session, claimed, candidates, now)

    async def _jobs(
        self, session: AsyncSession, users: list[User], days: dict[int, date], now: datetime
    ) -> list[PushJob]:
        """What each claimed learner's push says: read for the whole batch at once."""
        paused = [u for u in users if u.ignored_pushes >= IGNORED_PUSHES_BEFORE_PAUSE]
        jobs = [PushJob(user.id, days[user.id], "auto-pause") for user in paused]
        daily = [u for u in users if u.ignored_pushes < IGNORED_PUSHES_BEFORE_PAUSE]
        if not daily:
            return jobs
        pushes = PushRepository(session)
        ids = [user.id for user in daily]
        completed = await pushes.completed_lessons(ids)
        until = {user.id: end_of_local_day(now, user.timezone) for user in daily}
        due_times = await pushes.review_due_times(ids, max(until.values()))
        active_days = await pushes.active_days(ids)
        for user in daily:
            today = days[user.id]
            due = sum(1 for moment in due_times.get(user.id, ()) if moment <= until[user.id])
            streak = streaks(active_days.get(user.id, ()), today).current
            jobs.append(self._job(user, today, completed.get(user.id, set()), due, streak))
        return jobs

    def _job(self, user: User, today: date, completed: set[str], due: int, streak: int) -> PushJob:
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

    async def _finish(self, outcomes: Sequence[Outcome]) -> None:
        if not outcomes:
            return
        now = self.clock.now()
        async with self.session_factory() as session, write_gate(session), session.begin():
            pushes = PushRepository(session)
            users = {user.id: user for user in await pushes.lock_users([o.job.user_id for o in outcomes], skip=False)}
            keys = [(o.job.user_id, o.job.local_date) for o in outcomes]
            deliveries = await pushes.delivery_rows(keys)
            for outcome in outcomes:
                job = outcome.job
                delivery = deliveries.get((job.user_id, job.local_date))
                if delivery is None:  # released as stale while this send was still finishing: record it again
                    delivery = Delivery(user_id=job.user_id, local_date=job.local_date, kind=DAILY, attempts=0,
                                        claimed_at=now)
                    session.add(delivery)
                delivery.status, delivery.finished_at, delivery.error = outcome.status, now, outcome.error
                delivery.attempts += 1
                user = users.get(job.user_id)
                if user is not None:
                    self._after_send(user, outcome, now)

    def _after_send(self, user: User, outcome: Outcome, now: datetime) -> None:
        if outcome.status == "blocked":
            if self.presence is not None:
                self.presence.forget(user.id)  # so that a message from them reactivates them
            user.is_active = False
            user.next_push_at = None
            return
        if outcome.status == "sent" and outcome.job.kind == "auto-pause":
            user.reminders_on = False
            user.next_push_at = None
            return
        if outcome.status == "sent":
            user.ignored_pushes += 1
            if self.presence is not None:
                self.presence.forget(user.id)  # their next tap must reset the count
        reschedule(user, now)


def _delivery(user_id: int, local_date: date, now: datetime, status: str) -> dict[str, Any]:
    return {"user_id": user_id, "local_date": local_date, "kind": DAILY, "status": status, "attempts": 0,
            "claimed_at": now, "finished_at": None if status == "claimed" else now, "error": None}

