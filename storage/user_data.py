"""Every row stored about one learner: read them all (/export) or delete them all (/forget).

The tables are found from the schema rather than listed by hand, so a table added later with a
`user_id` column is exported and erased without anyone remembering to add it here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, Table, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    ActivityDay,
    Base,
    Delivery,
    DrillAttempt,
    EstimateAttempt,
    LessonFeedback,
    LessonProgress,
    LessonScore,
    QuizPoll,
    QuizSession,
    RecallCard,
    ReviewCard,
    User,
)


def owner_column(table: Table) -> Column[Any] | None:
    """The column that says whose a row is, or None for tables that hold nobody's data."""
    if table.name == User.__tablename__:
        return table.c.id
    return table.c.get("user_id")


def learner_tables() -> list[Table]:
    """Tables holding a learner's rows, children before parents (safe delete order)."""
    return [table for table in reversed(Base.metadata.sorted_tables) if owner_column(table) is not None]


@dataclass(slots=True)
class LearnerRows:
    user: User | None
    lessons: list[LessonProgress] = field(default_factory=list)
    scores: list[LessonScore] = field(default_factory=list)
    quizzes: list[QuizSession] = field(default_factory=list)
    polls: list[QuizPoll] = field(default_factory=list)
    review_cards: list[ReviewCard] = field(default_factory=list)
    recall_cards: list[RecallCard] = field(default_factory=list)
    activity_days: list[ActivityDay] = field(default_factory=list)
    feedback: list[LessonFeedback] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    drills: list[DrillAttempt] = field(default_factory=list)
    estimates: list[EstimateAttempt] = field(default_factory=list)


class UserDataRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def load(self, user_id: int) -> LearnerRows:
        async def rows(model: Any, *order: Any) -> list[Any]:
            statement = select(model).where(model.user_id == user_id).order_by(*order)
            return list((await self.session.scalars(statement)).all())

        return LearnerRows(
            user=await self.session.get(User, user_id),
            lessons=await rows(LessonProgress, LessonProgress.started_at),
            scores=await rows(LessonScore, LessonScore.lesson_id),
            quizzes=await rows(QuizSession, QuizSession.id),
            polls=await rows(QuizPoll, QuizPoll.session_id, QuizPoll.position, QuizPoll.sent_at),
            review_cards=await rows(ReviewCard, ReviewCard.due),
            recall_cards=await rows(RecallCard, RecallCard.due),
            activity_days=await rows(ActivityDay, ActivityDay.day),
            feedback=await rows(LessonFeedback, LessonFeedback.updated_at),
            deliveries=await rows(Delivery, Delivery.local_date, Delivery.kind),
            drills=await rows(DrillAttempt, DrillAttempt.id),
            estimates=await rows(EstimateAttempt, EstimateAttempt.id),
        )

    async def erase(self, user_id: int) -> dict[str, int]:
        """Delete every row of the learner, children first (foreign keys need no cascade);
        returns the rows deleted per table."""
        deleted: dict[str, int] = {}
        for table in learner_tables():
            column = owner_column(table)
            assert column is not None
            result: Any = await self.session.execute(delete(table).where(column == user_id))
            deleted[table.name] = result.rowcount or 0
        self.session.expunge_all()  # the identity map must not hand out the deleted rows again
        return deleted
