"""The Mini App over HTTP: one page (/app) and three JSON endpoints, each for the learner whose
signed initData comes with the request (bot.webapp.auth), and nobody else."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

from aiohttp import web
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.webapp import charts
from bot.webapp.auth import NotAuthorised, learner_id
from content import Course
from domain.clock import Clock, SystemClock
from domain.plan import days_left
from services.course_map import CourseMapService, reader_follow_ups, reader_sections
from services.progress import ProgressService

log = logging.getLogger(__name__)
PAGE = Path(__file__).with_name("page.html")
INIT_DATA_HEADER = "X-Telegram-Init-Data"
PREFIX = "/app"

Handler = Callable[[web.Request, int], Awaitable[dict[str, Any]]]


def add_webapp(app: web.Application, course: Course, session_factory: async_sessionmaker[Any], bot_token: str,
               clock: Clock | None = None) -> None:
    clock = clock or SystemClock()
    page = PAGE.read_bytes()

    def for_learner(handler: Handler) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def respond(request: web.Request) -> web.Response:
            try:
                user_id = learner_id(request.headers.get(INIT_DATA_HEADER), bot_token, clock.now())
            except NotAuthorised as exc:
                return web.json_response({"error": str(exc)}, status=401)
            return web.json_response(await handler(request, user_id), headers={"Cache-Control": "no-store"})

        return respond

    async def course_map(request: web.Request, user_id: int) -> dict[str, Any]:
        async with session_factory() as session:
            found = await CourseMapService(session, course, clock).course_map(user_id)
        return {
            "path": found.path_title,
            "chapters": [
                {"number": c.number, "title": c.title, "done": c.done, "lessons": [
                    {"id": lesson.id, "title": lesson.title, "minutes": lesson.minutes, "status": lesson.status,
                     "on_path": lesson.on_path} for lesson in c.lessons]}
                for c in found.chapters
            ],
        }

    async def lesson(request: web.Request, user_id: int) -> dict[str, Any]:
        found = course.lesson(request.match_info["lesson_id"])
        if found is None:
            raise web.HTTPNotFound(text='{"error": "no such lesson"}', content_type="application/json")
        chapter = course.chapter_of_lesson[found.id]
        return {"id": found.id, "title": found.title, "chapter": f"Chapter {chapter.number}: {chapter.title}",
                "minutes": found.minutes, "sections": reader_sections(found), "follow_ups": reader_follow_ups(found)}

    async def progress(request: web.Request, user_id: int) -> dict[str, Any]:
        async with session_factory() as session:
            report = await ProgressService(session, course, clock).report(user_id)
        today = report.today or clock.now().date()
        bars = [(f"{chapter.number}. {chapter.title}", accuracy.share or 0.0, accuracy.total)
                for chapter, accuracy in report.accuracy]
        return {
            "path": report.path.title if report.path else None,
            "path_percent": report.progress.percent if report.progress else None,
            "lessons_read": report.lessons_read, "course_lessons": report.course_lessons,
            "streak": report.streak.current, "longest_streak": report.streak.longest,
            "reviews_due": report.due_today,
            "calendar_svg": charts.streak_calendar(report.active_days, today),
            "accuracy_svg": charts.accuracy_bars(bars),
            "interview": _interview(report.interview_date, today,
                                    report.progress.total - report.progress.done if report.progress else None),
        }

    async def serve_page(request: web.Request) -> web.Response:
        # The page holds no data: everything it shows comes from the signed endpoints.
        return web.Response(body=page, content_type="text/html", charset="utf-8",
                            headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"})

    app.router.add_get(PREFIX, serve_page)
    app.router.add_get(f"{PREFIX}/api/map", for_learner(course_map))
    app.router.add_get(PREFIX + "/api/lesson/{lesson_id}", for_learner(lesson))
    app.router.add_get(f"{PREFIX}/api/progress", for_learner(progress))


def _interview(interview: date | None, today: date, lessons_left: int | None) -> dict[str, Any] | None:
    if interview is None or interview < today:
        return None
    return {"date": interview.isoformat(), "days_left": days_left(today, interview), "lessons_left": lessons_left,
            "timeline_svg": charts.interview_timeline(today, interview, lessons_left)}


def webapp_only(course: Course, session_factory: async_sessionmaker[Any], bot_token: str) -> web.Application:
    """The Mini App on a port of its own (polling mode, WEBAPP_PORT)."""
    app = web.Application()
    add_webapp(app, course, session_factory, bot_token)
    return app
