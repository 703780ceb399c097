"""Thin repositories: each takes a session, holds no state, and speaks in plain values."""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import LessonProgress, User, utcnow


def upsert_for(session: AsyncSession) -> Any:
    """The dialect's INSERT with ON CONFLICT (SQLite and PostgreSQL spell it the same way)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert  # only PostgreSQL pays its import

        return postgresql_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


@functools.cache
def _user_with_lessons() -> Any:
    """Built once: constructing a statement costs more Python than running it (see storage.db)."""
    return (
        select(User, LessonProgress.lesson_id, LessonProgress.completed_at)
        .outerjoin(LessonProgress, LessonProgress.user_id == User.id)
        .where(User.id == bindparam("user_id"))
    )


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int) -> User | None:
        return await self.session.get(User, user_id)

    async def touch(
        self, user_id: int, first_name: str, language_code: str | None, now: datetime | None = None
    ) -> User:
        """Create the user on first contact; refresh name, language and last-seen after that, and
        reset the ignored-push count (they are here). One upsert statement, returning the row."""
        now = now or utcnow()
        fresh = {"first_name": first_name[:128], "language_code": language_code, "last_seen_at": now}
        insert = upsert_for(self.session)(User).values(id=user_id, created_at=now, **fresh)
        # An update without a language keeps the one stored (see services.presence).
        language = func.coalesce(insert.excluded.language_code, User.language_code)
        statement = insert.on_conflict_do_update(
            index_elements=[User.id], set_={**fresh, "language_code": language, "ignored_pushes": 0}
        ).returning(User)
        result = await self.session.scalars(statement, execution_options={"populate_existing": True})
        return result.one()

    async def get_or_blank(self, user_id: int, now: datetime | None = None) -> User:
        """The learner, or for one not stored yet (their first update only read) an unsaved row
        with the defaults, so that read-only replies need no write first."""
        user = await self.session.get(User, user_id)
        return user if user is not None else User.blank(user_id, now or utcnow())

    async def with_lessons(self, user_id: int) -> tuple[User | None, set[str], set[str]]:
        """The learner, the lessons they finished and the ones they opened but did not finish,
        in one query."""
        pairs = (await self.session.execute(_user_with_lessons(), {"user_id": user_id})).all()
        user = pairs[0][0] if pairs else None
        completed = {lesson_id for _, lesson_id, done in pairs if lesson_id is not None and done is not None}
        started = {lesson_id for _, lesson_id, done in pairs if lesson_id is not None and done is None}
        return user, completed, started

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
        """One statement: a row exists from the first opening on; reopening changes nothing."""
        statement = upsert_for(self.session)(LessonProgress).values(
            user_id=user_id, lesson_id=lesson_id, started_at=when or utcnow()
        ).on_conflict_do_nothing(index_elements=[LessonProgress.user_id, LessonProgress.lesson_id])
        await self.session.execute(statement)

    async def opened(self, user_id: int, lesson_id: str) -> bool:
        return await self.session.get(LessonProgress, (user_id, lesson_id)) is not None

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
