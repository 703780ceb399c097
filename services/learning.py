"""The learner's journey: choose a path, read lessons, see progress."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from content import Chapter, Course, LearningPath, Lesson
from domain.clock import Clock
from domain.progress import PathProgress, lesson_after, next_lesson, path_progress
from domain.streaks import local_day
from services.base import Service
from services.recall import FIRST_DUE, RecallCards
from services.reminders import reschedule
from services.unit_of_work import reads, writes
from storage.quiz_repository import QuizRepository
from storage.recall_repository import RecallRepository
from storage.repositories import ProgressRepository, UserRepository


class UnknownPath(LookupError):
    pass


class UnknownLesson(LookupError):
    pass


@dataclass(frozen=True, slots=True)
class PathChoice:
    path: LearningPath
    chapter_count: int
    current: bool
    skim_titles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Today:
    path: LearningPath | None
    chapter: Chapter | None
    lesson: Lesson | None  # None: no path chosen yet, or the path is finished


@dataclass(frozen=True, slots=True)
class Finished:
    lesson: Lesson
    newly_completed: bool
    next_chapter: Chapter | None
    next_lesson: Lesson | None
    progress: PathProgress | None


class LearningService(Service):
    def __init__(self, session: AsyncSession, course: Course, clock: Clock | None = None) -> None:
        super().__init__(session, course, clock)
        self.users = UserRepository(session)
        self.progress = ProgressRepository(session)
        self.activity = QuizRepository(session)
        self.recall = RecallCards(RecallRepository(session), course)

    @writes
    async def mark_unreachable(self, user_id: int) -> None:
        """Telegram answered 403: nothing is pushed until the learner writes again."""
        user = await self.users.get(user_id)
        if user is not None:
            user.is_active = False
            user.next_push_at = None

    async def _current_path(self, user_id: int) -> LearningPath | None:
        user = await self.users.get(user_id)
        return self.course.path(user.path_id) if user and user.path_id else None

    @reads
    async def current_path(self, user_id: int) -> LearningPath | None:
        return await self._current_path(user_id)

    @reads
    async def path_choices(self, user_id: int) -> list[PathChoice]:
        current = await self._current_path(user_id)
        choices = []
        for path in self.course.paths:
            chapters = {self.course.chapter_of_lesson[lid].id for lid in path.lesson_ids}
            skim = tuple(self.course.chapters_by_id[c].title for c in path.skim)
            choices.append(PathChoice(path, len(chapters), current is not None and current.id == path.id, skim))
        return choices

    @writes
    async def choose_path(self, user_id: int, path_id: str) -> LearningPath:
        """Switch path. Completed lessons are kept: they count on every path that contains them."""
        path = self.course.path(path_id)
        if path is None:
            raise UnknownPath(path_id)
        await self.users.set_path(user_id, path.id)
        user = await self.users.get(user_id)
        if user is not None and user.next_push_at is None:
            reschedule(user, self.clock.now())  # the first path starts the daily push
        return path

    @reads
    async def today(self, user_id: int) -> Today:
        return (await self._today(user_id))[0]

    @reads
    async def open_today(self, user_id: int) -> Today:
        """Today's lesson, marked as started (for /chapters). Reopening it writes nothing, so the
        usual /today is a read: no write lock."""
        today, started = await self._today(user_id)
        if today.lesson is not None and today.lesson.id not in started:
            await self._mark_started(user_id, today.lesson.id)
        return today

    @writes
    async def _mark_started(self, user_id: int, lesson_id: str) -> None:
        await self.progress.mark_started(user_id, lesson_id, self.clock.now())

    async def _today(self, user_id: int) -> tuple[Today, set[str]]:
        user, completed, started = await self.users.with_lessons(user_id)
        path = self.course.path(user.path_id) if user and user.path_id else None
        if path is None:
            return Today(None, None, None), started
        lesson_id = next_lesson(path.lesson_ids, completed)
        if lesson_id is None:
            return Today(path, None, None), started
        return Today(path, self.course.chapter_of_lesson[lesson_id], self.course.lessons_by_id[lesson_id]), started

    def find_lesson(self, lesson_id: str) -> tuple[Chapter, Lesson]:
        lesson = self.course.lesson(lesson_id)
        if lesson is None:
            raise UnknownLesson(lesson_id)
        return self.course.chapter_of_lesson[lesson_id], lesson

    @writes
    async def open_lesson(self, user_id: int, lesson_id: str) -> tuple[Chapter, Lesson]:
        chapter, lesson = self.find_lesson(lesson_id)
        await self.progress.mark_started(user_id, lesson_id, self.clock.now())
        return chapter, lesson

    @writes
    async def finish_lesson(self, user_id: int, lesson_id: str) -> Finished:
        _, lesson = self.find_lesson(lesson_id)
        now = self.clock.now()
        newly = await self.progress.mark_completed(user_id, lesson_id, now)
        if newly:  # its interview follow-ups become recall cards, first due tomorrow
            await self.recall.add_for_lessons(user_id, [lesson_id], now + FIRST_DUE, now)
        user = await self.users.get(user_id)
        await self.activity.record_day(user_id, local_day(now, user.timezone if user else None))
        completed = await self.progress.completed_ids(user_id)
        path = await self._current_path(user_id)
        # Off-path lessons (opened from /chapters) lead back to the path; with no path, to the course order.
        order = path.lesson_ids if path else tuple(self.course.lessons_by_id)
        following = lesson_after(order, completed, lesson_id)
        return Finished(
            lesson=lesson,
            newly_completed=newly,
            next_chapter=self.course.chapter_of_lesson[following] if following else None,
            next_lesson=self.course.lessons_by_id[following] if following else None,
            progress=path_progress(path.lesson_ids, completed) if path else None,
        )

    @reads
    async def lesson_marks(self, user_id: int) -> tuple[set[str], set[str]]:
        """(finished lessons, opened but unfinished ones), for the ✅ and ◐ of /chapters."""
        _, completed, started = await self.users.with_lessons(user_id)
        return completed, started

    @reads
    async def completed(self, user_id: int) -> set[str]:
        return await self.progress.completed_ids(user_id)
