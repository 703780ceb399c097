"""A learner's first week, smoothed (the issue of that name): each fix as a short conversation."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from content import Course, load_course
from domain.clock import FrozenClock
from tests.support.conversation import Learner
from tests.support.emulator import BotApiEmulator
from tests.support.running import running_bot

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def course(shipped_content: Path) -> Course:
    return load_course(shipped_content)


async def test_copy_and_rendering(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path, course: Course
) -> None:
    ann = Learner(emulator, user_id=6001, first_name="Ann")
    async with running_bot(emulator, database_url, shipped_content, FrozenClock(START)):
        [helped] = await ann.says("/help")
        for command in ("/time", "/timezone", "/skip", "/interview off"):
            assert command in helped.text
        assert "FSRS" not in helped.text and "spaced review" in helped.text

        sheets = await ann.says("/cheatsheet")
        table = "\n".join(m.text for m in sheets)
        assert "~3 µs" in table and not any(line.endswith(" us") for line in table.splitlines())
        rows = [line for line in table.splitlines() if line.startswith(("ASCII character", "Compressed photo"))]
        assert len({line.index("~") if "~" in line else line.index("1 B") for line in rows}) == 1  # one column

        [menu] = await ann.says("/settings")
        [regions] = await ann.presses("Time", menu) if False else [menu]
        tz = await ann.presses("Timezone", regions)
        region_list = next(m for m in tz if any("Europe" in label for label, _ in m.flat_buttons))
        [zones] = await ann.presses("Europe", region_list)
        assert any("Berlin" in label for label, _ in zones.flat_buttons)
        [back] = await ann.presses("◀ Regions", zones)
        labels = [label for label, _ in back.flat_buttons]
        assert "Europe" in labels and "◀ Settings" in labels

        await ann.reads_todays_lesson_on(course.path("fast-track").title)
        [poll] = await ann.presses("Take the quiz")
        current = poll
        while current.poll is not None:
            [current] = await ann.answers_right(current)
        assert f"All {len(course.lesson(course.path('fast-track').lesson_ids[0]).quiz)} right." in current.text


async def test_mistakes_are_cut_at_a_word(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path, course: Course
) -> None:
    bo = Learner(emulator, user_id=6002, first_name="Bo")
    async with running_bot(emulator, database_url, shipped_content, FrozenClock(START)):
        await bo.reads_todays_lesson_on(course.path("fast-track").title)
        [poll] = await bo.presses("Take the quiz")
        current = poll
        while current.poll is not None:
            [current] = await bo.answers_wrong(current)
        [mistakes] = await bo.says("/mistakes")
        for line in mistakes.text.splitlines():
            if line[:2].rstrip(".").isdigit() and line.endswith("…"):
                cut = line.removesuffix(" …")
                question = next(q.question for q in course.lesson(course.path("fast-track").lesson_ids[0]).quiz
                                if cut.split(". ", 1)[1] in q.question)
                rest = question[len(cut.split(". ", 1)[1]):]
                assert rest.startswith(" "), line  # the cut falls between words


async def test_the_interview_plan_names_every_lesson_points_to_mock_and_drill_and_ends_on_the_day(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path, course: Course
) -> None:
    cy = Learner(emulator, user_id=6003, first_name="Cy")
    async with running_bot(emulator, database_url, shipped_content, FrozenClock(START)):
        await cy.says("/path")
        await cy.presses(course.path("fast-track").title)
        plan = "\n".join(m.text for m in await cy.says("/interview 2026-11-12"))
        assert "more" not in plan  # no "+1 more" hiding lessons
        for lesson_id in course.path("fast-track").lesson_ids:
            assert course.lesson(lesson_id).title in plan
        assert "/mock" in plan and "/drill" in plan and "/quiz under time pressure" not in plan
        assert plan.rstrip().splitlines()[-1].startswith("Thu 12 Nov · 🎯 interview day")


async def test_practice_does_not_repeat_what_was_just_answered_and_says_when_it_must(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path, course: Course
) -> None:
    dee = Learner(emulator, user_id=6004, first_name="Dee")
    path = course.path("fast-track")
    first, second = course.lesson(path.lesson_ids[0]), course.lesson(path.lesson_ids[1])

    def lesson_of(poll_text: str) -> str:
        question = poll_text.split(" ", 1)[1] if poll_text[0].isdigit() else poll_text
        return next(lesson.id for lesson in (first, second) for q in lesson.quiz if q.question == question)

    async with running_bot(emulator, database_url, shipped_content, FrozenClock(START)):
        await dee.reads_todays_lesson_on(path.title)
        [poll] = await dee.presses("Take the quiz")
        while poll.poll is not None:
            [poll] = await dee.answers_right(poll)

        replies = await dee.says("/quiz")  # nothing new to ask: it says so, and asks what there is
        assert any("Only 4 questions" in m.text for m in replies)
        assert any("You answered 4 of them in the last 12 hours" in m.text for m in replies)
        poll = replies[-1]
        while poll.poll is not None:
            [poll] = await dee.answers_right(poll)

        await dee.reads_todays_lesson_on(path.title)  # the second lesson: four fresh questions
        replies = await dee.says("/quiz")
        assert any("You answered one of them" in m.text for m in replies)
        poll, asked = replies[-1], []
        while poll.poll is not None:
            asked.append(lesson_of(poll.text))
            [poll] = await dee.answers_right(poll)
        assert sorted(asked) == sorted([first.id] + [second.id] * 4)  # all the fresh ones, one repeat
        assert "Quick quiz done" in poll.text and "5 of 5 right" in poll.text


async def test_onboarding_asks_the_timezone_right_after_the_path_and_says_when_the_first_push_comes(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path, course: Course
) -> None:
    eve, fin, gus = (Learner(emulator, user_id=uid, first_name=name)
                     for uid, name in ((6005, "Eve"), (6006, "Fin"), (6007, "Gus")))
    async with running_bot(emulator, database_url, shipped_content, FrozenClock(START)):  # Mon 2 Nov, 09:00 UTC
        await eve.says("/path")
        _, question, _ = await eve.presses(course.path("fast-track").title)
        assert "where are you?" in question.text and any("Skip" in label for label, _ in question.flat_buttons)
        assert "Share my location" in str(emulator.calls_of("sendMessage")[-1].get("reply_markup"))
        [answer] = await eve.says("Berlin")  # a typed city answers it
        assert "Timezone: Europe/Berlin" in answer.text and "Tue 03 Nov at 09:00" in answer.text
        [chatter] = await eve.says("Tokyo")  # the question is closed now: ordinary text again
        assert "I work with commands and buttons" in chatter.text

        await fin.says("/path")
        _, question, _ = await fin.presses(course.path("fast-track").title)
        kept, *_ = await fin.presses("Skip", question)
        assert "Timezone: UTC" in kept.text and "Tue 03 Nov at 09:00" in kept.text

        await gus.says("/path")
        _, question, _ = await gus.presses(course.path("fast-track").title)
        [nowhere] = await gus.says("Atlantis")
        assert "I don't know that place" in nowhere.text
        [zones] = await gus.presses("Asia", question)
        [set_zone] = await gus.presses("Tokyo", zones)
        assert "Timezone: Asia/Tokyo" in set_zone.text

        await eve.says("/path")
        replies = await eve.presses(course.path("full").title)  # a switch asks nothing again
        assert not any("where are you?" in m.text for m in replies)


async def test_navigation_marks_progress_links_concepts_and_leads_back(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path, course: Course
) -> None:
    hal = Learner(emulator, user_id=6008, first_name="Hal")
    async with running_bot(emulator, database_url, shipped_content, FrozenClock(START)):
        [welcome] = await hal.says("/start")
        for path in course.paths:
            assert path.audience[:30] in welcome.text and f"({len(path.lesson_ids)} lessons)" in welcome.text

        *_, links = await hal.says("/glossary")
        term = course.glossary[0]
        [lesson_page] = await hal.presses(term.term, links)
        assert lesson_page.text.startswith(course.lesson(term.lesson).title)

        intro = course.chapters[1]  # read one lesson of chapter 2 fully, open the other
        [chapters] = await hal.says("/chapters")
        [menu] = await hal.presses(f"{intro.number}. {intro.title}", chapters)
        [page] = await hal.presses(intro.lessons[0].title, menu)
        assert any(label == "◀ Chapter" for label, _ in page.flat_buttons)
        while not any("Finish lesson" in label for label, _ in page.flat_buttons):
            [page] = await hal.presses("Next", page)
            assert any(label == "◀ Chapter" for label, _ in page.flat_buttons)  # on every page
        await hal.presses("Finish lesson", page)
        [chapters] = await hal.says("/chapters")
        labels = [label for label, _ in chapters.flat_buttons]
        assert f"◐ {intro.number}. {intro.title}" in labels  # one of its two lessons finished
        assert f"{course.chapters[0].number}. {course.chapters[0].title}" in labels  # untouched: no mark
        [menu] = await hal.presses(intro.title, chapters)
        [page] = await hal.presses(intro.lessons[1].title, menu)
        [back] = await hal.presses("◀ Chapter", page)
        ours = (intro.lessons[0].title, intro.lessons[1].title)
        marks = {label[:1] for label, _ in back.flat_buttons if label.endswith(ours)}
        assert marks == {"✅", "◐"}  # one finished, one opened
