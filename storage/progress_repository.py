"""Everything /progress shows, in one query: the learner's path, timezone and interview date,
finished lessons, active days, mock scores, drills, estimates, recall cards and quiz review cards.

Small reads of eight tables would be as many round trips on every /progress; a UNION ALL of
uniform rows (kind, label, a, b, at) brings them in one, as plain rows (no ORM objects to build).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import DateTime, Integer, String, bindparam, cast, literal, null, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    ActivityDay,
    DrillAttempt,
    EstimateAttempt,
    LessonProgress,
    QuizSession,
    RecallCard,
    ReviewCard,
    User,
)
from storage.types import utc_moment

MOCK_SCORES_SHOWN = 5


@dataclass(frozen=True, slots=True)
class LearnerRecord:
    path_id: str | None  # None also when there is no such learner
    timezone: str | None
    interview_date: date | None
    completed: set[str]  # finished lessons
    active_days: list[date]
    mock_scores: list[tuple[int, int]]  # (right, answered), latest rounds, oldest first
    drills: list[tuple[int, int]]  # (points ticked, rubric size) of finished drills, oldest first
    estimates_solved: set[str]
    estimates_tried: set[str]
    recall_cards: list[tuple[str, int, datetime]] = field(default_factory=list)  # (key, reviews, due)
    review_cards: list[CardTally] = field(default_factory=list)  # live quiz cards


@dataclass(frozen=True, slots=True)
class CardTally:
    """What /progress needs of a quiz review card."""

    question_key: str
    right_count: int
    wrong_count: int
    due: datetime


@functools.cache
def _learner_record() -> Any:
    """Days, latest mock rounds, finished drills and estimates of one learner in one UNION ALL.
    Built once (with bound parameters): building it costs more Python than running it."""
    user_id: Any = bindparam("user_id")
    mock_kind: Any = bindparam("mock_kind")
    no_time = cast(null(), DateTime(timezone=True))
    no_number = cast(null(), Integer)
    learner = select(literal("user").label("kind"), User.path_id.label("label"), no_number.label("a"),
                     no_number.label("b"), no_time.label("at")).where(User.id == user_id)
    zone = select(literal("timezone"), User.timezone, no_number, no_number, no_time).where(
        User.id == user_id, User.timezone.is_not(None))
    interview = select(literal("interview"), cast(User.interview_date, String), no_number, no_number, no_time).where(
        User.id == user_id, User.interview_date.is_not(None))
    finished = select(literal("lesson"), LessonProgress.lesson_id, no_number, no_number, no_time).where(
        LessonProgress.user_id == user_id, LessonProgress.completed_at.is_not(None))
    days = select(
        literal("day"), cast(ActivityDay.day, String), no_number, no_number, no_time,
    ).where(ActivityDay.user_id == user_id)
    mocks = (
        select(QuizSession.correct, QuizSession.position, QuizSession.finished_at)
        .where(QuizSession.user_id == user_id, QuizSession.kind == mock_kind, QuizSession.status == "finished")
        .order_by(QuizSession.finished_at.desc())
        .limit(MOCK_SCORES_SHOWN)
        .subquery()
    )
    latest_mocks = select(literal("mock"), cast(null(), String), mocks.c.correct, mocks.c.position, mocks.c.finished_at)
    drills = select(
        literal("drill"), cast(null(), String), DrillAttempt.score, DrillAttempt.total, DrillAttempt.finished_at
    ).where(DrillAttempt.user_id == user_id, DrillAttempt.status == "done")
    estimates = select(
        literal("estimate"), EstimateAttempt.estimate_id, cast(EstimateAttempt.correct, Integer),
        cast(null(), Integer), no_time,
    ).where(EstimateAttempt.user_id == user_id)
    recall = select(
        literal("recall"), RecallCard.card_key, RecallCard.reviews, cast(null(), Integer), RecallCard.due,
    ).where(RecallCard.user_id == user_id, RecallCard.retired_at.is_(None))
    cards = select(
        literal("card"), ReviewCard.question_key, ReviewCard.right_count, ReviewCard.wrong_count, ReviewCard.due,
    ).where(ReviewCard.user_id == user_id, ReviewCard.retired_at.is_(None))
    return union_all(learner, zone, interview, finished, days, latest_mocks, drills, estimates, recall, cards)


class ProgressRecordRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(self, user_id: int, mock_kind: str) -> LearnerRecord:
        rows = (await self.session.execute(_learner_record(), {"user_id": user_id, "mock_kind": mock_kind})).all()

        path_id, timezone, interview_date = None, None, None
        completed: set[str] = set()
        active_days, mocks_seen, drills_done = [], [], []
        recall: list[tuple[str, int, datetime]] = []
        cards: list[CardTally] = []
        solved: set[str] = set()
        tried: set[str] = set()
        for kind, label, a, b, at in rows:
            if kind == "lesson":
                completed.add(label)
            elif kind == "day":
                active_days.append(date.fromisoformat(label[:10]))
            elif kind == "mock":
                mocks_seen.append((_sortable(at), a or 0, b or 0))
            elif kind == "drill":
                drills_done.append((_sortable(at), a or 0, b or 0))
            elif kind == "recall":
                recall.append((label, a or 0, utc_moment(at)))
            elif kind == "card":
                cards.append(CardTally(label, a or 0, b or 0, utc_moment(at)))
            elif kind == "user":
                path_id = label
            elif kind == "timezone":
                timezone = label
            elif kind == "interview":
                interview_date = date.fromisoformat(label[:10])
            elif kind == "estimate":
                tried.add(label)
                if a:
                    solved.add(label)
        return LearnerRecord(
            path_id=path_id,
            timezone=timezone,
            interview_date=interview_date,
            completed=completed,
            active_days=active_days,
            mock_scores=[(right, answered) for _, right, answered in sorted(mocks_seen)],
            drills=[(ticked, size) for _, ticked, size in sorted(drills_done)],
            estimates_solved=solved,
            estimates_tried=tried,
            recall_cards=recall,
            review_cards=cards,
        )



def _sortable(at: datetime | str | None) -> str:
    """Rows of a UNION come back untyped on SQLite; ISO text sorts like the time it names."""
    return at.isoformat() if isinstance(at, datetime) else (at or "")
