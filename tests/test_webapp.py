"""The Mini App end to end: the bot's own aiohttp server, the real database, signed initData."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp

from bot.web import serve
from bot.webapp.server import webapp_only
from content import load_course
from domain.clock import FrozenClock
from tests.support.bot_process import free_port
from tests.support.conversation import Learner
from tests.support.emulator import BotApiEmulator
from tests.support.init_data import signed_init_data
from tests.support.running import TEST_TOKEN, running_bot

WEBAPP_URL = "https://coach.example.org/app"
PAGE_BUDGET = 200 * 1024


async def get(base: str, path: str, init_data: str | None) -> tuple[int, Any]:
    headers = {"X-Telegram-Init-Data": init_data} if init_data is not None else {}
    async with aiohttp.ClientSession() as http, http.get(base + path, headers=headers) as response:
        body = await response.json() if response.content_type == "application/json" else await response.text()
        return response.status, body


async def test_course_map_lesson_and_dashboard_for_the_signed_learner_only(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path
) -> None:
    course = load_course(shipped_content)
    now = datetime.now(UTC)
    ada = Learner(emulator, user_id=9501, first_name="Ada")
    bob = Learner(emulator, user_id=9502, first_name="Bob")
    async with running_bot(emulator, database_url, shipped_content, FrozenClock(now), webapp_url=WEBAPP_URL) as dp:
        await emulator.wait_for_call("setChatMenuButton")
        assert emulator.menu_button == {"type": "web_app", "text": "Course map", "web_app": {"url": WEBAPP_URL}}
        await ada.reads_todays_lesson_on(course.path("fast-track").title)
        [progress] = await ada.says("/progress")
        assert ("🗺 Course map", f"webapp:{WEBAPP_URL}") in progress.flat_buttons
        [chapters] = await ada.says("/chapters")
        assert ("🗺 Course map", f"webapp:{WEBAPP_URL}") in chapters.flat_buttons

        port = free_port()
        runner = await serve(webapp_only(dp["course"], dp["session_factory"], TEST_TOKEN), "127.0.0.1", port)
        base = f"http://127.0.0.1:{port}/app"
        try:
            status, page = await get(base, "", None)
            assert status == 200 and len(page.encode()) <= PAGE_BUDGET
            assert not re.search(r"""(src|href)=["']?https?://""", page)  # no CDN: everything from the bot
            assert "--tg-theme-bg-color" in page and "tgWebAppData" in page

            ada_data = signed_init_data(TEST_TOKEN, ada.id, now, "Ada")
            status, course_map = await get(base, "/api/map", ada_data)
            assert status == 200 and course_map["path"] == course.path("fast-track").title
            lessons = {lesson["id"]: lesson for c in course_map["chapters"] for lesson in c["lessons"]}
            first = course.path("fast-track").lesson_ids[0]
            assert lessons[first]["status"] == "done" and lessons[first]["on_path"]
            assert sum(lesson["status"] == "done" for lesson in lessons.values()) == 1
            assert len(lessons) == course.lesson_count

            status, bob_map = await get(base, "/api/map", signed_init_data(TEST_TOKEN, bob.id, now, "Bob"))
            assert status == 200 and bob_map["path"] is None
            assert all(lesson["status"] == "new" for c in bob_map["chapters"] for lesson in c["lessons"])

            status, lesson = await get(base, "/api/lesson/consistent-hashing", ada_data)
            assert status == 200 and lesson["title"] == "Consistent Hashing"
            assert lesson["sections"][0]["title"] == "Concept" and len(lesson["follow_ups"]) == 3
            with_diagram = next(each for each in course.lessons_by_id.values() if "```" in each.how_it_works)
            status, drawn = await get(base, f"/api/lesson/{with_diagram.id}", ada_data)
            assert any("<pre>" in s["html"] for s in drawn["sections"])  # diagrams keep their monospace
            assert (await get(base, "/api/lesson/no-such-lesson", ada_data))[0] == 404

            status, dashboard = await get(base, "/api/progress", ada_data)
            assert status == 200 and dashboard["streak"] == 1 and dashboard["lessons_read"] == 1
            assert dashboard["calendar_svg"].startswith("<svg") and dashboard["calendar_svg"].count("<rect") > 70

            stale = signed_init_data(TEST_TOKEN, ada.id, now - timedelta(days=2))
            forged = ada_data.replace("Ada", "Eve")
            for refused in (None, "", stale, forged, signed_init_data("1:other-bot", ada.id, now)):
                for path in ("/api/map", "/api/progress", "/api/lesson/consistent-hashing"):
                    status, body = await get(base, path, refused)
                    assert status == 401 and "error" in body, (path, refused)
        finally:
            await runner.cleanup()


async def test_without_webapp_url_the_menu_button_is_the_default(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path
) -> None:
    cy = Learner(emulator, user_id=9503, first_name="Cy")
    async with running_bot(emulator, database_url, shipped_content):
        await emulator.wait_for_call("setChatMenuButton")
        assert emulator.menu_button == {"type": "default"}
        [progress] = await cy.says("/progress")
        assert not any("Course map" in label for label, _ in progress.flat_buttons)
