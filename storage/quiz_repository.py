"""Quiz sessions, polls, review cards, lesson scores, activity days and feedback."""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Boolean, Table, and_, bindparam, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import ActivityDay, Base, LessonFeedback, LessonScore, QuizPoll, QuizSession, ReviewCard

# Core tables for the writes of a quiz answer, which skip the ORM's unit of work.
POLLS = cast(Table, QuizPoll.__table__)
CARDS = cast(Table, ReviewCard.__table__)
CARD_SCHEDULE = ("fsrs_state", "due", "last_correct", "right_count", "wrong_count", "updated_at", "retired_at")
INSERT_POLL = insert(POLLS)
INSERT_CARD = insert(CARDS)

# The statements of the hottest paths (grading an answer, /progress) are built once with bound
# parameters: building a SQLAlchemy statement costs more Python than running it.
@functools.cache
def _claim_own_answer() -> Any:
    """Core, not ORM: the ORM's bulk UPDATE machinery cost more than the statement. Right or
    wrong is the shown correct option unless the caller says (b_correct: a recall rating)."""
    chosen: Any = bindparam("b_chosen")  # an UPDATE reserves the column names for its SET clause
    verdict = func.coalesce(bindparam("b_correct", type_=Boolean), POLLS.c.correct_option == chosen)
    return (
        update(POLLS)
        .where(POLLS.c.poll_id == bindparam("b_poll_id"), POLLS.c.user_id == bindparam("b_user_id"),
               POLLS.c.answered_at.is_(None))
        .values(answered_at=bindparam("b_now"), chosen_option=chosen, is_correct=verdict)
        .returning(*POLLS.c)
    )


@functools.cache
def _update_card() -> Any:
    return (
        update(CARDS)
        .where(CARDS.c.user_id == bindparam("b_user_id"), CARDS.c.question_key == bindparam("b_key"))
        .values({column: bindparam(f"b_{column}") for column in CARD_SCHEDULE})
    )


def _new_row(row: Base) -> dict[str, Any]:
    """A new ORM object's column values for a Core INSERT, which costs a fraction of the session's
    flush of the same row. Unset columns are left out, so their defaults apply."""
    return {column.key: value for column in row.__table__.columns
            if (value := getattr(row, column.key)) is not None}


@functools.cache
def _session_with_card() -> Any:
    others = aliased(QuizPoll)
    answered_elsewhere = (
        select(func.max(others.position))
        .where(others.session_id == QuizSession.id, others.answered_at.is_not(None),
               others.poll_id != bindparam("poll_id"))
        .scalar_subquery()
    )
    return (
        select(QuizSession, ReviewCard, answered_elsewhere)
        .outerjoin(ReviewCard, and_(ReviewCard.user_id == bindparam("user_id"),
                                    ReviewCard.question_key == bindparam("key")))
        .where(QuizSession.id == bindparam("session_id"))
    )


@functools.cache
def _live_cards() -> Any:
    return select(ReviewCard).where(ReviewCard.user_id == bindparam("user_id"), ReviewCard.retired_at.is_(None))


class QuizRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # ---- sessions ------------------------------------------------------------------------
    async def active_sessions(self, user_id: int) -> list[QuizSession]:
        rows = await self.session.scalars(
            select(QuizSession).where(QuizSession.user_id == user_id, QuizSession.status == "active")
        )
        return list(rows)

    async def create_session(
        self, user_id: int, kind: str, lesson_id: str | None, keys: Sequence[str], now: datetime
    ) -> QuizSession:
        quiz = QuizSession(
            user_id=user_id, kind=kind, lesson_id=lesson_id, question_keys=json.dumps(list(keys)),
            position=0, correct=0, status="active", started_at=now,
        )
        self.session.add(quiz)
        await self.session.flush()
        return quiz

    async def get_session(self, session_id: int) -> QuizSession | None:
        return await self.session.get(QuizSession, session_id)

    # ---- polls ---------------------------------------------------------------------------
    async def add_poll(self, poll: QuizPoll) -> None:
        await self.session.execute(INSERT_POLL, _new_row(poll))

    async def get_poll(self, poll_id: str) -> QuizPoll | None:
        return await self.session.get(QuizPoll, poll_id)

    async def last_poll(self, session_id: int) -> QuizPoll | None:
        return await self.session.scalar(
            select(QuizPoll).where(QuizPoll.session_id == session_id).order_by(QuizPoll.sent_at.desc()).limit(1)
        )

    async def claim_answer(self, poll_id: str, chosen: int, correct: bool, now: datetime) -> bool:
        """Record the answer unless one is already recorded; True when this call recorded it."""
        result = await self.session.execute(
            update(QuizPoll)
            .where(QuizPoll.poll_id == poll_id, QuizPoll.answered_at.is_(None))
            .values(answered_at=now, chosen_option=chosen, is_correct=correct)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]

    async def claim_own_answer(
        self, poll_id: str, user_id: int, chosen: int, now: datetime, correct: bool | None = None
    ) -> QuizPoll | None:
        """Grade the learner's own unanswered poll in one statement, returning it as a detached
        QuizPoll (changing it changes nothing stored; a copy this session loaded before is not
        refreshed); None when the poll is unknown, someone else's or already answered (the caller
        asks which, rarely). `correct` overrides the comparison with the shown correct option."""
        parameters = {"b_poll_id": poll_id, "b_user_id": user_id, "b_chosen": chosen, "b_now": now,
                      "b_correct": correct}
        row = (await self.session.execute(_claim_own_answer(), parameters)).one_or_none()
        return QuizPoll(**row._mapping) if row is not None else None

    async def session_with_card(
        self, session_id: int, user_id: int, key: str, poll_id: str
    ) -> tuple[QuizSession, ReviewCard | None, int | None]:
        """The quiz, the learner's card for one question, and the furthest position answered by
        any other poll of the quiz, in one query."""
        parameters = {"session_id": session_id, "user_id": user_id, "key": key, "poll_id": poll_id}
        row = (await self.session.execute(_session_with_card(), parameters)).one()
        return row[0], row[1], row[2]

    async def overdue_polls(self, before: datetime, limit: int | None = None) -> list[QuizPoll]:
        rows = await self.session.scalars(
            select(QuizPoll).where(QuizPoll.expires_at.is_not(None), QuizPoll.expires_at < before,
                                   QuizPoll.answered_at.is_(None)).limit(limit)
        )
        return list(rows)

    async def session_answers(self, session_id: int) -> list[QuizPoll]:
        rows = await self.session.scalars(
            select(QuizPoll).where(QuizPoll.session_id == session_id, QuizPoll.answered_at.is_not(None))
        )
        return list(rows)

    # ---- cards ---------------------------------------------------------------------------
    async def get_card(self, user_id: int, key: str) -> ReviewCard | None:
        return await self.session.get(ReviewCard, (user_id, key))

    async def add_card(self, card: ReviewCard) -> None:
        await self.session.execute(INSERT_CARD, _new_row(card))

    async def update_card(self, user_id: int, key: str, **schedule: Any) -> None:
        """Core UPDATE of one card's CARD_SCHEDULE columns (all of them); the caller leaves its
        loaded copy untouched (a changed copy would be written again when the session flushes)."""
        parameters = {f"b_{column}": schedule[column] for column in CARD_SCHEDULE}
        await self.session.execute(_update_card(), {"b_user_id": user_id, "b_key": key, **parameters})

    async def live_cards(self, user_id: int) -> list[ReviewCard]:
        return list(await self.session.scalars(_live_cards(), {"user_id": user_id}))

    async def count_due(self, user_id: int, until: datetime) -> int:
        return await self.session.scalar(
            select(func.count()).select_from(ReviewCard).where(
                ReviewCard.user_id == user_id, ReviewCard.retired_at.is_(None), ReviewCard.due <= until
            )
        ) or 0

    async def retire_cards(self, user_id: int, keys: Sequence[str], now: datetime) -> None:
        if keys:
            await self.session.execute(
                update(ReviewCard)
                .where(ReviewCard.user_id == user_id, ReviewCard.question_key.in_(list(keys)))
                .values(retired_at=now)
            )

    async def retire_all_except(self, live_keys: Sequence[str], now: datetime) -> int:
        result = await self.session.execute(
            update(ReviewCard)
            .where(ReviewCard.retired_at.is_(None), ReviewCard.question_key.not_in(list(live_keys)))
            .values(retired_at=now)
        )
        return result.rowcount or 0  # type: ignore[attr-defined]

    # ---- scores, activity, feedback ------------------------------------------------------
    async def save_score(self, user_id: int, lesson_id: str, right: int, total: int, now: datetime) -> LessonScore:
        score = await self.session.get(LessonScore, (user_id, lesson_id))
        if score is None:
            score = LessonScore(
                user_id=user_id, lesson_id=lesson_id, best=right, latest=right, total=total, attempts=1, updated_at=now
            )
            self.session.add(score)
        else:
            score.best = max(score.best, right) if score.total == total else right
            score.latest, score.total = right, total
            score.attempts += 1
            score.updated_at = now
        await self.session.flush()
        return score

    async def record_day(self, user_id: int, day: date) -> None:
        if await self.session.get(ActivityDay, (user_id, day)) is None:
            self.session.add(ActivityDay(user_id=user_id, day=day))
            await self.session.flush()

    async def active_days(self, user_id: int) -> list[date]:
        rows = await self.session.scalars(select(ActivityDay.day).where(ActivityDay.user_id == user_id))
        return list(rows)

    async def save_vote(self, user_id: int, lesson_id: str, helpful: bool, now: datetime) -> None:
        feedback = await self.session.get(LessonFeedback, (user_id, lesson_id))
        if feedback is None:
            self.session.add(LessonFeedback(user_id=user_id, lesson_id=lesson_id, helpful=helpful, updated_at=now))
        else:
            feedback.helpful, feedback.updated_at = helpful, now
        await self.session.flush()

    async def save_comment(self, user_id: int, lesson_id: str, comment: str, now: datetime) -> None:
        feedback = await self.session.get(LessonFeedback, (user_id, lesson_id))
        if feedback is None:
            self.session.add(LessonFeedback(user_id=user_id, lesson_id=lesson_id, comment=comment, updated_at=now))
        else:
            feedback.comment, feedback.updated_at = comment, now
        await self.session.flush()

    async def get_feedback(self, user_id: int, lesson_id: str) -> LessonFeedback | None:
        return await self.session.get(LessonFeedback, (user_id, lesson_id))
