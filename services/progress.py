"""/progress: the whole truth in one place: path, lessons, streaks, accuracy, reviews due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from content import Chapter, LearningPath, Lesson
from domain.progress import PathProgress, next_lesson, path_progress
from domain.selection import Accuracy, weakest_chapters
from domain.streaks import Streak, end_of_local_day, local_day, streaks
from services.base import Service
from services.quiz import MOCK, chapter_accuracy
from services.unit_of_work import reads
from storage.progress_repository import ProgressRecordRepository


@dataclass(frozen=True, slots=True)
class ProgressReport:
    path: LearningPath | None
    progress: PathProgress | None
    lessons_read: int
    course_lessons: int
    next_chapter: Chapter | None
    next_lesson: Lesson | None
    streak: Streak
    due_today: int
    accuracy: tuple[tuple[Chapter, Accuracy], ...]  # course order, chapters with answers only
    weakest: tuple[Chapter, ...]
    mock_scores: tuple[tuple[int, int], ...] = ()  # latest mock rounds, oldest first
    drills: tuple[tuple[int, int], ...] = ()  # finished design drills: (ticked, rubric size)
    estimates_solved: int = 0
    estimates_tried: int = 0
    recall_practised: int = 0  # interview follow-ups rated at least once
    recall_due: int = 0  # follow-ups due by the end of the learner's day (also in due_today)
    active_days: tuple[date, ...] = ()  # local days with a lesson read or a review finished
    today: date | None = None  # the learner's local date
    interview_date: date | None = None


class ProgressService(Service):
    @reads
    async def report(self, user_id: int) -> ProgressReport:
        now = self.clock.now()
        record = await ProgressRecordRepository(self.session).record(user_id, MOCK)
        completed, timezone = record.completed, record.timezone
        path = self.course.path(record.path_id) if record.path_id else None
        upcoming = next_lesson(path.lesson_ids, completed) if path else None
        until = end_of_local_day(now, timezone)
        cards = [card for card in record.review_cards if self.course.question(card.question_key) is not None]
        accuracy = chapter_accuracy(self.course, cards)
        recall = [(key, reviews, due) for key, reviews, due in record.recall_cards if self.course.follow_up(key)]
        recall_due = sum(1 for _, _, due in recall if due < until)
        return ProgressReport(
            path=path,
            progress=path_progress(path.lesson_ids, completed) if path else None,
            lessons_read=len(completed & set(self.course.lessons_by_id)),
            course_lessons=self.course.lesson_count,
            next_chapter=self.course.chapter_of_lesson[upcoming] if upcoming else None,
            next_lesson=self.course.lessons_by_id[upcoming] if upcoming else None,
            streak=streaks(record.active_days, local_day(now, timezone)),
            due_today=sum(1 for card in cards if card.due < until) + recall_due,
            accuracy=tuple((c, accuracy[c.id]) for c in self.course.chapters if c.id in accuracy),
            weakest=tuple(self.course.chapters_by_id[c] for c in weakest_chapters(accuracy)),
            mock_scores=tuple(record.mock_scores),
            drills=tuple(record.drills),
            estimates_solved=len(record.estimates_solved),
            estimates_tried=len(record.estimates_tried),
            recall_practised=sum(1 for _, reviews, _ in recall if reviews),
            recall_due=recall_due,
            active_days=tuple(sorted(record.active_days)),
            today=local_day(now, timezone),
            interview_date=record.interview_date,
        )
