"""Database tables. Schema changes go through an Alembic revision in storage/migrations/versions."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import BigInteger, Boolean, Date, Float, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.types import UTCDateTime


def utcnow() -> datetime:
    return datetime.now(UTC)


DEFAULT_REMIND_MINUTE = 9 * 60  # the daily lesson at 09:00 local time until the learner picks an hour


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)  # Telegram id
    first_name: Mapped[str] = mapped_column(String(128), default="")
    language_code: Mapped[str | None] = mapped_column(String(16))
    path_id: Mapped[str | None] = mapped_column(String(64))
    timezone: Mapped[str | None] = mapped_column(String(64))  # IANA name; None means UTC
    # The lesson whose feedback comment the next free-text message is, if any.
    awaiting_comment_for: Mapped[str | None] = mapped_column(String(64))
    # Daily pushes (see domain.reminders): local time, pace, quiet weekdays, pause.
    remind_minute: Mapped[int] = mapped_column(Integer, default=DEFAULT_REMIND_MINUTE)
    reminders_on: Mapped[bool] = mapped_column(Boolean, default=True)
    pace: Mapped[int] = mapped_column(Integer, default=1)
    quiet_days: Mapped[str] = mapped_column(String(16), default="")  # weekday numbers, "5,6" = weekends
    resume_on: Mapped[date | None] = mapped_column(Date)
    ignored_pushes: Mapped[int] = mapped_column(Integer, default=0)
    # False once Telegram answers 403 (blocked or deleted): nothing is sent until they write again.
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    next_push_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    interview_date: Mapped[date | None] = mapped_column(Date)
    # The estimation drill whose answer the next free-text message is, if any.
    awaiting_estimate: Mapped[str | None] = mapped_column(String(64))
    # Which activity owns free text: comment | estimate | drill (services.text_claim). The one
    # started last wins, so a note typed in a drill never lands in an estimate left open.
    text_claim: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @classmethod
    def blank(cls, user_id: int, now: datetime) -> User:
        """A learner with every default filled in, not added to any session."""
        return cls(
            id=user_id, first_name="", remind_minute=DEFAULT_REMIND_MINUTE, reminders_on=True, pace=1,
            quiet_days="", ignored_pushes=0, is_active=True, created_at=now, last_seen_at=now,
        )


class LessonProgress(Base):
    __tablename__ = "lesson_progress"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    lesson_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)


class QuizSession(Base):
    """One run of questions: a lesson quiz, a review session, a quick quiz, a placement check."""

    __tablename__ = "quiz_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    lesson_id: Mapped[str | None] = mapped_column(String(64))
    question_keys: Mapped[str] = mapped_column(Text)  # JSON list, in the order they are asked
    position: Mapped[int] = mapped_column(Integer, default=0)  # how many have been answered
    correct: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(12), default="active")  # active | finished | abandoned
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class QuizPoll(Base):
    """A quiz poll sent to a learner: enough to grade its answer after any restart."""

    __tablename__ = "quiz_polls"

    poll_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_id: Mapped[int] = mapped_column(Integer, ForeignKey("quiz_sessions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    question_key: Mapped[str] = mapped_column(String(64))
    option_order: Mapped[str] = mapped_column(String(32))  # shown option i is content option order[i]
    correct_option: Mapped[int] = mapped_column(Integer)  # as shown
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    chosen_option: Mapped[int | None] = mapped_column(Integer)
    is_correct: Mapped[bool | None] = mapped_column(Boolean)
    # 0-based place in its quiz; the next question follows from it (None: sent before revision 005).
    position: Mapped[int | None] = mapped_column(Integer)
    # Timed questions (mock rounds): unanswered by then counts as missed.
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)


class ReviewCard(Base):
    """A learner's memory of one quiz question, scheduled by FSRS."""

    __tablename__ = "review_cards"
    __table_args__ = (Index("ix_review_cards_user_due", "user_id", "due"),)

    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    question_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    lesson_id: Mapped[str] = mapped_column(String(64))
    fsrs_state: Mapped[str] = mapped_column(Text)  # fsrs.Card.to_dict() as JSON
    due: Mapped[datetime] = mapped_column(UTCDateTime())
    last_correct: Mapped[bool] = mapped_column(Boolean)
    right_count: Mapped[int] = mapped_column(Integer, default=0)
    wrong_count: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class RecallCard(Base):
    """A learner's memory of one interview follow-up: recalled aloud, self-rated, scheduled by FSRS.
    Created when its lesson is finished; editing the follow-up's question retires it."""

    __tablename__ = "recall_cards"
    __table_args__ = (Index("ix_recall_cards_user_due", "user_id", "due"),)

    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    card_key: Mapped[str] = mapped_column(String(64), primary_key=True)  # content.schema.follow_up_key
    lesson_id: Mapped[str] = mapped_column(String(64))
    fsrs_state: Mapped[str | None] = mapped_column(Text)  # None until the first rating
    due: Mapped[datetime] = mapped_column(UTCDateTime())
    reviews: Mapped[int] = mapped_column(Integer, default=0)
    last_rating: Mapped[int | None] = mapped_column(Integer)  # 1 Again, 2 Hard, 3 Good, 4 Easy
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class LessonScore(Base):
    __tablename__ = "lesson_scores"

    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    lesson_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    best: Mapped[int] = mapped_column(Integer)
    latest: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ActivityDay(Base):
    """A local calendar day on which the learner read a lesson or finished a review (streaks)."""

    __tablename__ = "activity_days"

    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)


class LessonFeedback(Base):
    __tablename__ = "lesson_feedback"

    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    lesson_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    helpful: Mapped[bool | None] = mapped_column(Boolean)
    comment: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Delivery(Base):
    """One push to one learner on one local day: claimed before sending, marked after.
    The primary key makes a second push of the same kind on the same day impossible."""

    __tablename__ = "deliveries"
    __table_args__ = (
        # Only the few rows in flight: the stale-claim release stays cheap at any table size.
        Index("ix_deliveries_claimed", "claimed_at", sqlite_where=text("status = 'claimed'"),
              postgresql_where=text("status = 'claimed'")),
        Index("ix_deliveries_local_date", "local_date"),
    )

    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    local_date: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    status: Mapped[str] = mapped_column(String(12))  # claimed | sent | skipped | failed | blocked
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    error: Mapped[str | None] = mapped_column(String(200))


class DrillAttempt(Base):
    """A design drill (or a chapter's interview question) in progress or done."""

    __tablename__ = "drill_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True)
    drill_id: Mapped[str] = mapped_column(String(64))
    phase: Mapped[int] = mapped_column(Integer, default=0)  # index of the phase shown; == phases: rubric
    notes: Mapped[str] = mapped_column(Text, default="")
    ticked: Mapped[str] = mapped_column(String(200), default="")  # rubric indexes, "0,3,4"
    status: Mapped[str] = mapped_column(String(12), default="active")  # active | scoring | done | abandoned
    score: Mapped[int | None] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class EstimateAttempt(Base):
    __tablename__ = "estimate_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True)
    estimate_id: Mapped[str] = mapped_column(String(64))
    value: Mapped[float] = mapped_column(Float)
    correct: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SendBudget(Base):
    """One row per rate Telegram enforces on the whole bot: the next free send slot, shared by
    every instance (PostgreSQL; a single SQLite process paces itself in memory)."""

    __tablename__ = "send_budget"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    next_slot: Mapped[datetime] = mapped_column(UTCDateTime())
    paused_until: Mapped[datetime] = mapped_column(UTCDateTime())
