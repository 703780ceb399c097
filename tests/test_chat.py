"""`python -m bot chat`: the same dispatcher in a terminal, with no token and no network."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

from bot.chat import run_chat
from bot.config import Settings
from content import load_course
from tests.support import course_fixture as fx


async def typed(*lines: str) -> AsyncIterator[str]:
    for line in lines:
        yield line


async def test_chat_reaches_a_lesson_page_and_keeps_progress(tmp_path: Path) -> None:
    content = fx.write_course(tmp_path / "course")
    course = load_course(content)
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}", content_dir=content,
                        _env_file=None)
    out: list[str] = []
    # /start shows the paths as numbered buttons: 2 is the fast-track path; the timezone question
    # follows, and a typed label presses its button ("skip"); then "today" (the path message's
    # "Start today's lesson"), Next is 1 on the first page and 2 after it, Finish is 2 on the last.
    await run_chat(settings, typed("/start", "2", "skip", "today", "1", "2", "2", "2", "2", "/quit"), out.append)
    transcript = "\n".join(out)
    first = course.lesson(course.path("fast-track").lesson_ids[0])
    assert "[2] Fast-Track" in transcript
    assert f"{first.title}\nChapter 1 · Alpha Basics · page 1/5" in transcript
    assert "page 5/5" in transcript
    assert f"{first.title} is done" in transcript

    out.clear()
    await run_chat(settings, typed("/progress"), out.append)
    assert "1 of 2 path lessons done" in "\n".join(out)

    # The finished message offers the quiz (button 1); poll options are numbered and graded.
    out.clear()
    await run_chat(settings, typed("/review", "/quiz", "1", "1", "1", "1"), out.append)
    transcript = "\n".join(out)
    assert "QUIZ: 1/4 Question" in transcript
    assert transcript.count("✅ Right.") + transcript.count("❌ The answer was") == 4
    assert "Quick quiz done" in transcript


async def test_chat_answers_numbers_without_buttons(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}",
                        content_dir=fx.write_course(tmp_path / "course"), _env_file=None)
    out: list[str] = []
    await run_chat(settings, typed("7", "hello"), out.append)
    assert "  (no button with that number)" in out
    assert any("I work with commands and buttons" in line for line in out)


async def test_chat_hides_follow_up_answers_until_asked(tmp_path: Path) -> None:
    course = load_course()
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}", _env_file=None)
    out: list[str] = []
    # Fast-track is the third path; keep UTC; today's lesson; Next is 1 on page 1, then 2 (after Back).
    await run_chat(settings, typed("/start", "3", "skip", "/today", "1", "2", "2", "2", "2", "?1", "?9"),
                   out.append)
    transcript = "\n".join(out)
    first = course.lesson(course.path("fast-track").lesson_ids[0])
    assert first is not None and "page 6/6" in transcript and "🎯 In the interview" in transcript
    assert "[type ?1 to reveal]" in transcript and "[type ?3 to reveal]" in transcript
    answer = " ".join(first.follow_ups[0].answer.split())
    assert answer[:40] not in transcript.split("[type ?1 to reveal]")[0]  # hidden until asked
    assert answer[:40] in out[-2] and out[-1] == "  (nothing hidden with that number)"


async def test_chat_enforces_the_mock_rounds_time_limit(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from domain.clock import FrozenClock

    clock = FrozenClock(datetime(2026, 11, 2, 9, tzinfo=UTC))
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}", _env_file=None)
    out: list[str] = []

    async def slow_lines() -> AsyncIterator[str]:
        for line in ("/start", "3", "skip", "/today", "1", "2", "2", "2", "2", "2"):  # read 3 lessons
            yield line
        for _ in range(2):
            for line in ("/today", "1", "2", "2", "2", "2", "2"):
                yield line
        yield "/mock"
        clock.advance(timedelta(seconds=70))  # the first question's 60 s (and the grace) pass first
        yield "1"

    await run_chat(settings, slow_lines(), out.append, clock=clock)
    transcript = "\n".join(out)
    assert "QUIZ: 1/10" in transcript and "Time was up: that question counts as missed." in transcript
    assert "QUIZ: 2/10" in transcript and "✅ Right." not in transcript.split("Time was up")[1]


async def test_chat_saves_files_and_explains_buttons_that_leave_the_chat(tmp_path: Path) -> None:
    content = fx.write_course(tmp_path / "course")
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}", content_dir=content,
                        _env_file=None)
    out: list[str] = []
    # A path (2), skip the timezone, read the first lesson to its end, then share it and export.
    await run_chat(settings, typed("/start", "2", "skip", "today", "1", "2", "2", "2", "2", "share",
                                   "send the card", "/export", "/quit"), out.append)
    transcript = "\n".join(out)
    assert "?start=l-" in transcript  # the share link
    assert "(In Telegram this lets you pick a chat and send it the card for" in transcript
    saved = sorted((tmp_path / "chat-files").glob("sd-coach-*.json"))
    assert saved and f"saved as {saved[0]}" in transcript
    assert "Sorry, something went wrong" not in transcript
