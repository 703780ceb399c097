"""Numbers for the bot's operators (ADMIN_IDS): learners, pushes today, lesson feedback."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from services.base import Service
from services.unit_of_work import reads
from storage.models import LessonFeedback, User
from storage.push_repository import PushRepository

RECENT_COMMENTS = 5


@dataclass(frozen=True, slots=True)
class OperatorStats:
    learners: int
    active: int
    with_path: int
    pushes_today: dict[str, int]
    helpful: int
    not_helpful: int
    comments: list[tuple[str, str]]  # (lesson id, comment), newest first


class AdminService(Service):
    @reads
    async def stats(self, today: date) -> OperatorStats:
        count = select(func.count()).select_from(User)
        learners = await self.session.scalar(count) or 0
        active = await self.session.scalar(count.where(User.is_active.is_(True))) or 0
        with_path = await self.session.scalar(count.where(User.path_id.is_not(None))) or 0
        votes = await self.session.execute(
            select(LessonFeedback.helpful, func.count()).where(LessonFeedback.helpful.is_not(None))
            .group_by(LessonFeedback.helpful)
        )
        by_vote = {helpful: n for helpful, n in votes.all()}
        comments = await self.session.execute(
            select(LessonFeedback.lesson_id, LessonFeedback.comment).where(LessonFeedback.comment.is_not(None))
            .order_by(LessonFeedback.updated_at.desc()).limit(RECENT_COMMENTS)
        )
        return OperatorStats(
            learners=learners, active=active, with_path=with_path,
            pushes_today=await PushRepository(self.session).count_by_status(today),
            helpful=by_vote.get(True, 0), not_helpful=by_vote.get(False, 0),
            comments=[(lesson_id, comment or "") for lesson_id, comment in comments.all()],
        )
