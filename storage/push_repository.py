"""Queries for the daily push: who is due, and the deliveries table. Everything the tick does
works on a batch of learners, so each method is one statement whatever the batch size."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, exists, func, insert, select, tuple_, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ActivityDay, Delivery, LessonProgress, RecallCard, ReviewCard, User
from storage.types import utc_moment

DAILY = "daily"


class PushRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @property
    def _postgres(self) -> bool:
        return self.session.get_bind().dialect.name == "postgresql"

    async def due_user_ids(self, now: datetime, limit: int) -> list[int]:
        rows = await self.session.scalars(
            select(User.id)
            .where(User.next_push_at <= now, User.is_active.is_(True), User.reminders_on.is_(True))
            .order_by(User.next_push_at)
            .limit(limit)
        )
        return list(rows)

    async def lock_users(self, user_ids: Sequence[int], skip: bool = True) -> list[User]:
        """The learners, locked for this transaction on PostgreSQL; with `skip`, rows another
        instance holds are left to it (SQLite has one writer at a time and needs no lock)."""
        statement = select(User).where(User.id.in_(list(user_ids)))
        if self._postgres:
            statement = statement.with_for_update(skip_locked=skip)
        return list(await self.session.scalars(statement))

    async def deliveries(self, slots: Iterable[tuple[int, date]]) -> dict[int, str]:
        """Status of each learner's daily delivery for the given local day, where one exists."""
        keys = list(slots)
        if not keys:
            return {}
        rows = await self.session.execute(
            select(Delivery.user_id, Delivery.status).where(
                Delivery.kind == DAILY, tuple_(Delivery.user_id, Delivery.local_date).in_(keys)
            )
        )
        return {user_id: status for user_id, status in rows.all()}

    async def delivery_rows(self, slots: Sequence[tuple[int, date]]) -> dict[tuple[int, date], Delivery]:
        if not slots:
            return {}
        rows = await self.session.scalars(
            select(Delivery).where(Delivery.kind == DAILY, tuple_(Delivery.user_id, Delivery.local_date).in_(slots))
        )
        return {(row.user_id, row.local_date): row for row in rows}

    async def active_on(self, slots: Iterable[tuple[int, date]]) -> set[int]:
        """The learners who already did some work on the given local day."""
        keys = list(slots)
        if not keys:
            return set()
        rows = await self.session.scalars(
            select(ActivityDay.user_id).where(tuple_(ActivityDay.user_id, ActivityDay.day).in_(keys))
        )
        return set(rows)

    async def insert_deliveries(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            await self.session.execute(insert(Delivery), rows)

    async def completed_lessons(self, user_ids: Sequence[int]) -> dict[int, set[str]]:
        rows = await self.session.execute(
            select(LessonProgress.user_id, LessonProgress.lesson_id).where(
                LessonProgress.user_id.in_(list(user_ids)), LessonProgress.completed_at.is_not(None)
            )
        )
        completed: dict[int, set[str]] = defaultdict(set)
        for user_id, lesson_id in rows.all():
            completed[user_id].add(lesson_id)
        return completed

    async def review_due_times(self, user_ids: Sequence[int], until: datetime) -> dict[int, list[datetime]]:
        """Due times of each learner's live review cards, quiz and recall alike (/review serves
        both), due by `until` (the latest end of day in the batch; each learner's own end of day is
        applied by the caller)."""
        ids = list(user_ids)
        quiz = select(ReviewCard.user_id, ReviewCard.due).where(
            ReviewCard.user_id.in_(ids), ReviewCard.retired_at.is_(None), ReviewCard.due <= until
        )
        recall = select(RecallCard.user_id, RecallCard.due).where(
            RecallCard.user_id.in_(ids), RecallCard.retired_at.is_(None), RecallCard.due <= until
        )
        rows = await self.session.execute(union_all(quiz, recall))
        due: dict[int, list[datetime]] = defaultdict(list)
        for user_id, moment in rows.all():
            due[user_id].append(utc_moment(moment))
        return due

    async def active_days(self, user_ids: Sequence[int]) -> dict[int, list[date]]:
        rows = await self.session.execute(
            select(ActivityDay.user_id, ActivityDay.day).where(ActivityDay.user_id.in_(list(user_ids)))
        )
        days: dict[int, list[date]] = defaultdict(list)
        for user_id, day in rows.all():
            days[user_id].append(day)
        return days

    async def has_stale_claims(self, older_than: datetime) -> bool:
        stale = select(Delivery.user_id).where(Delivery.status == "claimed", Delivery.claimed_at < older_than)
        return bool(await self.session.scalar(select(exists(stale))))

    async def release_stale(self, older_than: datetime) -> int:
        """Forget claims whose sender died: the push becomes due again (same local day only)."""
        result = await self.session.execute(
            delete(Delivery).where(Delivery.status == "claimed", Delivery.claimed_at < older_than)
        )
        return result.rowcount or 0  # type: ignore[attr-defined]

    async def has_deliveries_before(self, day: date) -> bool:
        older = select(Delivery.user_id).where(Delivery.local_date < day)
        return bool(await self.session.scalar(select(exists(older))))

    async def prune_before(self, day: date, limit: int) -> int:
        """Delete up to `limit` deliveries of local days before `day`, oldest first."""
        oldest = (
            select(Delivery.user_id, Delivery.local_date, Delivery.kind)
            .where(Delivery.local_date < day)
            .order_by(Delivery.local_date)
            .limit(limit)
        )
        result = await self.session.execute(
            delete(Delivery).where(tuple_(Delivery.user_id, Delivery.local_date, Delivery.kind).in_(oldest))
        )
        return result.rowcount or 0  # type: ignore[attr-defined]

    async def count_by_status(self, local_date: date) -> dict[str, int]:
        rows = await self.session.execute(
            select(Delivery.status, func.count()).where(Delivery.local_date == local_date).group_by(Delivery.status)
        )
        return {status: count for status, count in rows.all()}

