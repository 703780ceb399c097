"""What the Mini App shows one learner: the course map with their marks, and a lesson whole.
(The dashboard reuses ProgressService.report.)"""

from __future__ import annotations

from dataclasses import dataclass

from content import Lesson
from content.markup import render, render_inline
from content.pages import PAGE_TITLES
from services.base import Service
from services.unit_of_work import reads
from storage.repositories import UserRepository

DONE, STARTED, NOT_STARTED = "done", "started", "new"


@dataclass(frozen=True, slots=True)
class MapLesson:
    id: str
    title: str
    minutes: int
    status: str  # done | started | new
    on_path: bool


@dataclass(frozen=True, slots=True)
class MapChapter:
    number: int
    title: str
    lessons: tuple[MapLesson, ...]

    @property
    def done(self) -> int:
        return sum(1 for lesson in self.lessons if lesson.status == DONE)


@dataclass(frozen=True, slots=True)
class CourseMap:
    path_title: str | None
    chapters: tuple[MapChapter, ...]


class CourseMapService(Service):
    @reads
    async def course_map(self, user_id: int) -> CourseMap:
        user, completed, started = await UserRepository(self.session).with_lessons(user_id)
        path = self.course.path(user.path_id) if user and user.path_id else None
        on_path = set(path.lesson_ids) if path else set()
        chapters = tuple(
            MapChapter(chapter.number, chapter.title, tuple(
                MapLesson(lesson.id, lesson.title, lesson.minutes,
                          DONE if lesson.id in completed else STARTED if lesson.id in started else NOT_STARTED,
                          lesson.id in on_path)
                for lesson in chapter.lessons
            ))
            for chapter in self.course.chapters
        )
        return CourseMap(path.title if path else None, chapters)


def reader_sections(lesson: Lesson) -> list[dict[str, str]]:
    """The lesson's parts as HTML fragments (the course's Telegram HTML is valid HTML too, but for
    spoilers, which the page shows as tap-to-reveal <details>)."""
    sections = []
    for part, title in PAGE_TITLES:
        if part == "summary":
            body = "<ul>" + "".join(f"<li>{render_inline(point)}</li>" for point in lesson.summary) + "</ul>"
        else:  # prose keeps its line breaks in the page's CSS (white-space: pre-line)
            body = render(getattr(lesson, part))
        sections.append({"title": title, "html": body})
    return sections


def reader_follow_ups(lesson: Lesson) -> list[dict[str, str]]:
    return [{"question": render_inline(f.question), "answer": render_inline(" ".join(f.answer.split()))}
            for f in lesson.follow_ups]
