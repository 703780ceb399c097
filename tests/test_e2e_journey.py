"""The walking skeleton, end to end: the real polling loop talks HTTP to the local Bot API emulator."""

from __future__ import annotations

from pathlib import Path

import pytest

from content import load_course
from content.pages import PAGE_COUNT, page_count
from tests.support.conversation import Learner
from tests.support.emulator import BotApiEmulator
from tests.support.running import running_bot


@pytest.fixture
def course(shipped_content: Path):
    return load_course(shipped_content)


async def test_start_path_read_lesson_and_see_progress(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path, course
) -> None:
    fast_track = course.path("fast-track")
    first, second = (course.lesson(lid) for lid in fast_track.lesson_ids[:2])
    ada = Learner(emulator, user_id=1001)

    async with running_bot(emulator, database_url, shipped_content):
        assert {c["command"] for c in emulator.commands} >= {"start", "path", "today", "chapters", "progress", "help"}

        [welcome] = await ada.says("/start")
        assert "system-design coach" in welcome.text
        assert any(fast_track.title in label for label, _ in welcome.flat_buttons)

        [paths] = await ada.says("/path")
        assert f"For: {fast_track.audience}" in paths.text
        assert "Skim: Welcome, Introduction to System Design" in paths.text  # mid-level skims these
        assert f"{len(fast_track.lesson_ids)} lessons" in paths.text

        chosen, *onboarding = await ada.presses(fast_track.title)
        assert "where are you?" in onboarding[0].text  # the timezone question comes right after
        assert chosen.message_id == paths.message_id  # edited in place
        assert f"Your path: {fast_track.title}" in chosen.text

        [page] = await ada.says("/today")
        assert page.text.startswith(first.title)
        glossary = await ada.presses("All 30 terms", page)  # the first fast-track lesson is the glossary's door
        assert "30 must-know concepts" in glossary[0].text
        assert all(term.term in "\n".join(m.text for m in glossary) for term in course.glossary)
        pages = page_count(first)
        assert pages == PAGE_COUNT + 1  # the interview follow-ups come after the summary
        assert f"page 1/{pages}" in page.text
        assert f"about {first.minutes} min" in page.text

        for number in range(2, pages + 1):
            [turned] = await ada.presses("Next", page)  # the glossary's buttons came after it
            assert turned.message_id == page.message_id
            assert f"page {number}/{pages}" in turned.text
            if number == PAGE_COUNT:
                assert "Summary" in turned.text
        assert "In the interview" in page.text and page.html.count("<tg-spoiler>") == len(first.follow_ups)
        [back] = await ada.presses("Back", page)
        assert f"page {pages - 1}/{pages}" in back.text and "Summary" in back.text
        await ada.presses("Next", page)

        [done] = await ada.presses("Finish lesson", page)
        assert f"{first.title} is done" in done.text
        assert f"Next up: {second.title}" in done.text
        assert "Lesson complete ✅" in ada.toasts

        [progress] = await ada.says("/progress")
        assert f"Path: {fast_track.title}" in progress.text
        assert f"1 of {len(fast_track.lesson_ids)} path lessons done" in progress.text
        assert f"Next: {second.title}" in progress.text

        [today] = await ada.says("/today")
        assert today.text.startswith(second.title)


async def test_switching_path_keeps_finished_lessons(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path, course
) -> None:
    shared = course.path("fast-track").lesson_ids[0]  # on fast-track and on the whole course
    assert shared in course.path("full").lesson_ids
    ben = Learner(emulator, user_id=1002, first_name="Ben")
    async with running_bot(emulator, database_url, shipped_content):
        await ben.reads_todays_lesson_on(course.path("fast-track").title)

        await ben.says("/path")
        [switched] = await ben.presses(course.path("full").title)
        assert "You have already finished 1 of its" in switched.text
        [progress] = await ben.says("/progress")
        assert f"1 of {len(course.path('full').lesson_ids)} path lessons done" in progress.text

        await ben.says("/path")
        await ben.presses(course.path("fast-track").title)
        [today] = await ben.says("/today")
        assert today.text.startswith(course.lesson(course.path("fast-track").lesson_ids[1]).title)


async def test_restart_keeps_everything(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path, course
) -> None:
    cleo = Learner(emulator, user_id=1003, first_name="Cleo")
    async with running_bot(emulator, database_url, shipped_content):
        await cleo.reads_todays_lesson_on(course.path("fast-track").title)

    async with running_bot(emulator, database_url, shipped_content):  # a new process, the same SQLite file
        [progress] = await cleo.says("/progress")
        assert f"Path: {course.path('fast-track').title}" in progress.text
        assert "1 of" in progress.text
        [paths] = await cleo.says("/path")
        assert f"{course.path('fast-track').title} — your path" in paths.text


async def test_bad_input_gets_a_clear_answer(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path, course
) -> None:
    dan = Learner(emulator, user_id=1004, first_name="<Dan & co>")
    async with running_bot(emulator, database_url, shipped_content):
        [welcome] = await dan.says("/start")
        assert "Hi <Dan & co>!" in welcome.text  # escaped in HTML, shown as typed

        [reply] = await dan.says("/frobnicate now")
        assert "I don't know /frobnicate" in reply.text

        [reply] = await dan.says("x" * 5000)
        assert "I work with commands and buttons" in reply.text

        [reply] = await dan.says("/today")
        assert "haven't picked a learning path" in reply.text

        await dan.says("/path")
        await dan.presses(course.path("fast-track").title)
        [page] = await dan.says("/today")

        for forged in ("l:no-such-lesson:1", "l:" + page.flat_buttons[0][1].split(":")[1] + ":99",
                       "zz:whatever", "l:broken", "p:no-such-path", "c:no-such-chapter", "f:no-such-lesson"):
            replies = await dan.presses_data(forged, page)
            assert dan.toasts[-1] == "That button is out of date. Here is a fresh menu."
            assert replies and replies[-1].buttons  # a fresh menu to carry on from

        # A double tap: the second press of the same button changes nothing and raises nothing.
        [page] = await dan.says("/today")
        next_data = dict(page.flat_buttons)["Next ▶"]
        await dan.presses_data(next_data, page)
        assert await dan.presses_data(next_data, page) == []
        assert page.edits == 1 and "page 2/" in page.text


async def test_admin_view_is_for_operators_only(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path, course
) -> None:
    op, eve = Learner(emulator, user_id=1010, first_name="Op"), Learner(emulator, user_id=1011, first_name="Eve")
    async with running_bot(emulator, database_url, shipped_content, admin_ids=(1010,)):
        await eve.says("/start")
        [denied] = await eve.says("/admin")
        assert "I don't know /admin" in denied.text
        [view] = await op.says("/admin")  # a first contact that only reads is recorded after the reply
        assert "Operator view" in view.text and "Learners: 1" in view.text
        [view] = await op.says("/admin")
        assert "Learners: 2" in view.text


async def test_a_learner_who_blocked_the_bot_is_marked_unreachable(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path, course
) -> None:
    from sqlalchemy import select

    from storage.db import create_engine
    from storage.models import User

    fin = Learner(emulator, user_id=1020, first_name="Fin")
    async with running_bot(emulator, database_url, shipped_content):
        await fin.says("/path")
        await fin.presses(course.path("fast-track").title)
        emulator.blocked = {1020}
        assert await fin.says("/today") == []  # the reply bounced with 403; nothing else happens
        engine = create_engine(database_url)
        async with engine.connect() as connection:
            active, next_push = (await connection.execute(
                select(User.is_active, User.next_push_at).where(User.id == 1020))).one()
        await engine.dispose()
        assert active is False and next_push is None
        emulator.blocked = set()
        await fin.says("/start")  # they came back: reachable again
        engine = create_engine(database_url)
        async with engine.connect() as connection:
            active = (await connection.execute(select(User.is_active).where(User.id == 1020))).scalar_one()
        await engine.dispose()
        assert active is True


async def test_replies_survive_429_and_5xx(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path, course
) -> None:
    gus = Learner(emulator, user_id=1030, first_name="Gus")
    async with running_bot(emulator, database_url, shipped_content):
        emulator.fail_next(429, "Too Many Requests: retry after 3", method="sendMessage", retry_after=3)
        [reply] = await gus.says("/help")
        assert "What I can do" in reply.text
        emulator.fail_next(502, "Bad Gateway", method="sendMessage", count=2)
        [reply] = await gus.says("/help")
        assert "What I can do" in reply.text
        emulator.fail_next(500, "Internal Server Error", method="sendMessage", count=3)  # 1 try + 2 retries
        [sorry] = await gus.says("/help")  # the reply gave up; the error handler's apology got through
        assert "something went wrong on my side. Your progress is safe" in sorry.text
        [reply] = await gus.says("/help")
        assert "What I can do" in reply.text


async def test_in_a_group_commands_get_a_note_and_chatter_gets_nothing(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path
) -> None:
    from sqlalchemy import select

    from storage.models import User

    ada = Learner(emulator, user_id=1901)
    group = -100123
    async with running_bot(emulator, database_url, shipped_content) as dispatcher:
        for command in ("/settings", "/interview 2026-12-24", "/timezone Berlin", "/today", "/progress", "/start"):
            replies = await ada.says_in_group(group, command)
            assert len(replies) == 1, (command, replies)
            assert "only answer in a private chat" in replies[0].text
            assert "https://t.me/sd_coach_test_bot?start=group" in replies[0].text
        for chatter in ("hello everyone", "what about sharding?", "42"):
            assert await ada.says_in_group(group, chatter) == []
        async with dispatcher["session_factory"]() as session:
            assert (await session.scalars(select(User).where(User.id == ada.id))).first() is None
        [private] = await ada.says("/start")  # the private chat works as ever
        assert "Pick a path" in private.text or private.flat_buttons


async def test_forged_region_vote_and_poll_options_change_nothing(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path
) -> None:
    from sqlalchemy import select

    from bot.views import STALE_BUTTON
    from storage.models import LessonFeedback, QuizPoll

    course = load_course(shipped_content)
    ivy = Learner(emulator, user_id=1902, first_name="Ivy")
    async with running_bot(emulator, database_url, shipped_content) as dispatcher:
        [menu] = await ivy.says("/settings")
        replies = await ivy.presses_data("s:region:Nowhere", menu)
        assert ivy.toasts[-1] == STALE_BUTTON and all(m.flat_buttons for m in replies)  # never a dead end

        never_opened = course.lessons_by_id[list(course.lessons_by_id)[-1]].id
        await ivy.presses_data(f"fb:{never_opened}:1", menu)
        assert ivy.toasts[-1] == STALE_BUTTON

        await ivy.reads_todays_lesson_on(course.path("fast-track").title)
        [poll] = await ivy.presses("Take the quiz")
        for options in ([7], [-1], [4]):
            assert await ivy.answers_poll_id(poll.poll["id"], options) == []  # no such option: ignored
        async with dispatcher["session_factory"]() as session:
            assert (await session.scalars(select(LessonFeedback))).first() is None
            stored = (await session.scalars(select(QuizPoll).where(QuizPoll.poll_id == poll.poll["id"]))).one()
            assert stored.answered_at is None and stored.chosen_option is None
        [nxt] = await ivy.answers_right(poll)  # the real answer still counts
        assert nxt.poll is not None
