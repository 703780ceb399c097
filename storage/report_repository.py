"""The raw rows the authors' report is computed from (services.course_report), read in bulk."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ActivityDay, Delivery, LessonFeedback, LessonProgress, QuizPoll, QuizSession, User

# Answers given after being taught: the placement check and the preview mock ask about lessons
# not read yet, a different population that would make every question look harder.
TAUGHT_KINDS = ("lesson", "review", "quick", "retry", "mock")


def start_of(day: date | None) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC) if day else datetime(1970, 1, 1, tzinfo=UTC)


class ReportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def answers(self, since: date | None) -> Sequence[Any]:
        """(user_id, question_key, option_order, chosen_option, is_correct, kind, lesson_id), oldest first."""
        statement = (
            select(QuizPoll.user_id, QuizPoll.question_key, QuizPoll.option_order, QuizPoll.chosen_option,
                   QuizPoll.is_correct, QuizSession.kind, QuizSession.lesson_id)
            .join(QuizSession, QuizSession.id == QuizPoll.session_id)
            .where(QuizPoll.answered_at.is_not(None), QuizPoll.answered_at >= start_of(since),
                   QuizPoll.option_order != "", QuizSession.kind.in_(TAUGHT_KINDS))
            .order_by(QuizPoll.answered_at, QuizPoll.poll_id)
        )
        return (await self.session.execute(statement)).all()

    async def learners(self, since: date | None) -> Sequence[Any]:
        """(id, created_at, path_id) of learners who joined since."""
        statement = select(User.id, User.created_at, User.path_id).where(User.created_at >= start_of(since))
        return (await self.session.execute(statement)).all()

    async def readings(self, since: date | None) -> Sequence[Any]:
        """(user_id, lesson_id, started_at, completed_at) of lessons opened since."""
        statement = (
            select(LessonProgress.user_id, LessonProgress.lesson_id, LessonProgress.started_at,
                   LessonProgress.completed_at)
            .where(LessonProgress.started_at >= start_of(since))
        )
        return (await self.session.execute(statement)).all()

    async def active_days(self, since: date | None) -> Sequence[Any]:
        statement = select(ActivityDay.user_id, ActivityDay.day)
        if since is not None:
            statement = statement.where(ActivityDay.day >= since)
        return (await self.session.execute(statement)).all()

    async def quiz_takers(self) -> set[int]:
        statement = select(QuizPoll.user_id).where(QuizPoll.answered_at.is_not(None)).distinct()
        return set((await self.session.scalars(statement)).all())

    async def feedback(self, since: date | None) -> Sequence[Any]:
        """(lesson_id, helpful, comment), newest first."""
        statement = (
            select(LessonFeedback.lesson_id, LessonFeedback.helpful, LessonFeedback.comment)
            .where(LessonFeedback.updated_at >= start_of(since))
            .order_by(LessonFeedback.updated_at.desc())
        )
        return (await self.session.execute(statement)).all()

    async def pushes(self, since: date | None) -> dict[str, int]:
        statement = select(Delivery.status, func.count()).group_by(Delivery.status)
        if since is not None:
            statement = statement.where(Delivery.local_date >= since)
        return {status: count for status, count in (await self.session.execute(statement)).all()}

    async def paths(self) -> dict[str | None, int]:
        statement = select(User.path_id, func.count()).group_by(User.path_id)
        return {path: count for path, count in (await self.session.execute(statement)).all()}
