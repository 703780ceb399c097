"""Thin repositories: each takes a session, holds no state, and speaks in plain values."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import LessonProgress, User, utcnow


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int) -> User | None:
        return await self.session.get(User, user_id)

    async def touch(
        self, user_id: int, first_name: str, language_code: str | None, now: datetime | None = None
    ) -> User:
        """Create the user on first contact; refresh name, language and last-seen after that."""
        user = await self.session.get(User, user_id)
        now = now or utcnow()
        if user is None:
            user = User(
                id=user_id,
                first_name=first_name[:128],
                language_code=language_code,
                created_at=now,
                last_seen_at=now,
            )
            self.session.add(user)
        else:
            user.first_name = first_name[:128]
            user.language_code = language_code
            user.last_seen_at = now
        await self.session.flush()
        return user

    async def lock(self, user_id: int) -> None:
        """Serialise this learner's read-then-write transactions (a double tap arrives as two
        concurrent updates). PostgreSQL takes a row lock; SQLite already serialises writers
        with BEGIN IMMEDIATE, and SQLAlchemy renders no FOR UPDATE there."""
        await self.session.execute(select(User.id).where(User.id == user_id).with_for_update())

    async def set_path(self, user_id: int, path_id: str) -> None:
        user = await self.session.get(User, user_id)
        if user is None:
            raise LookupError(f"no user {user_id}")
        user.path_id = path_id
        await self.session.flush()


class ProgressRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def mark_started(self, user_id: int, lesson_id: str, when: datetime | None = None) -> None:
        row = await self.session.get(LessonProgress, (user_id, lesson_id))
        if row is None:
            self.session.add(LessonProgress(user_id=user_id, lesson_id=lesson_id, started_at=when or utcnow()))
            await self.session.flush()

    async def mark_completed(self, user_id: int, lesson_id: str, when: datetime | None = None) -> bool:
        """Record completion; True when this call completed it (False if it already was)."""
        when = when or utcnow()
        row = await self.session.get(LessonProgress, (user_id, lesson_id))
        if row is None:
            row = LessonProgress(user_id=user_id, lesson_id=lesson_id, started_at=when)
            self.session.add(row)
        if row.completed_at is not None:
            return False
        row.completed_at = when
        await self.session.flush()
        return True

    async def completed_ids(self, user_id: int) -> set[str]:
        result = await self.session.scalars(
            select(LessonProgress.lesson_id).where(
                LessonProgress.user_id == user_id, LessonProgress.completed_at.is_not(None)
            )
        )
        return set(result)
