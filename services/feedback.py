"""'Was this lesson helpful?': a vote and an optional comment, stored per lesson for the authors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from content import Course
from domain.clock import Clock
from services import text_claim
from services.base import Service
from services.learning import UnknownLesson
from services.unit_of_work import writes
from storage.quiz_repository import QuizRepository
from storage.repositories import ProgressRepository, UserRepository

COMMENT_MAX = 2000
# A comment is the learner's next message soon after voting, not some message days later.
COMMENT_WINDOW = timedelta(minutes=30)


@dataclass(frozen=True, slots=True)
class CommentResult:
    status: str  # not-awaiting | too-long | saved
    length: int = 0


class FeedbackService(Service):
    def __init__(self, session: AsyncSession, course: Course, clock: Clock | None = None) -> None:
        super().__init__(session, course, clock)
        self.users = UserRepository(session)
        self.feedback = QuizRepository(session)
        self.progress = ProgressRepository(session)

    @writes
    async def vote(self, user_id: int, lesson_id: str, helpful: bool) -> None:
        """A vote on a lesson the learner has opened; any other (a forged button) is stale."""
        if self.course.lesson(lesson_id) is None or not await self.progress.opened(user_id, lesson_id):
            raise UnknownLesson(lesson_id)
        await self.feedback.save_vote(user_id, lesson_id, helpful, self.clock.now())
        user = await self.users.get(user_id)
        if user is not None:
            user.awaiting_comment_for = lesson_id
            text_claim.claim(user, text_claim.COMMENT)

    @writes
    async def comment(self, user_id: int, text: str) -> CommentResult:
        """Save `text` as the comment on the lesson just voted on; refuse it whole when too long."""
        user = await self.users.get(user_id)
        lesson_id = user.awaiting_comment_for if user else None
        if user is None or lesson_id is None or not text_claim.owns(user, text_claim.COMMENT):
            return CommentResult("not-awaiting")
        vote = await self.feedback.get_feedback(user_id, lesson_id)
        if vote is None or self.clock.now() - vote.updated_at > COMMENT_WINDOW:
            user.awaiting_comment_for = None
            text_claim.release(user, text_claim.COMMENT)
            return CommentResult("not-awaiting")
        if len(text) > COMMENT_MAX:
            return CommentResult("too-long", len(text))  # keep waiting for a shorter one
        await self.feedback.save_comment(user_id, lesson_id, text, self.clock.now())
        user.awaiting_comment_for = None
        text_claim.release(user, text_claim.COMMENT)
        return CommentResult("saved", len(text))

    @writes
    async def skip(self, user_id: int) -> bool:
        user = await self.users.get(user_id)
        if user is None or user.awaiting_comment_for is None:
            return False
        user.awaiting_comment_for = None
        text_claim.release(user, text_claim.COMMENT)
        return True
