"""Interview practice end to end: a timed mock round, a design drill, an estimation drill."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from content import Course, load_course
from domain.clock import FrozenClock
from domain.quantities import humanize
from tests.support.conversation import Learner
from tests.support.emulator import BotApiEmulator
from tests.support.running import running_bot

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def course(shipped_content: Path) -> Course:
    return load_course(shipped_content)


async def test_mock_round_with_timeouts(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path, course: Course
) -> None:
    clock = FrozenClock(START)
    ivy = Learner(emulator, user_id=4001, first_name="Ivy")
    async with running_bot(emulator, database_url, shipped_content, clock) as dispatcher:
        expiry = dispatcher["poll_expiry"]
        path = course.path("fast-track")
        for _ in range(3):  # three lessons: twelve questions covered, enough for a round of ten
            await ivy.reads_todays_lesson_on(path.title)
        covered = {lesson_id for lesson_id in path.lesson_ids[:3]}
        replies = await ivy.says("/mock")
        assert "Mock round" in replies[0].text and replies[-1].poll is not None
        assert emulator.calls_of("sendPoll")[-1]["open_period"] == 60
        poll = replies[-1]
        asked: list[str] = []
        for number in range(10):
            asked.append(poll.text)
            if number in (3, 7):  # let these two run out of time
                clock.advance(timedelta(seconds=65))
                assert await expiry.sweep() == 1
                poll = ivy.last
            else:
                clock.advance(timedelta(seconds=20))
                answered = await (ivy.answers_right(poll) if number < 8 else ivy.answers_wrong(poll))
                poll = answered[-1]
            if number < 9:
                assert poll.poll is not None and poll.text.startswith(f"{number + 2}/10 ")
        summary = ivy.last
        by_text = {q.question: lesson_id for lesson_id in course.lessons_by_id
                   for q in course.lesson(lesson_id).quiz}
        assert {by_text[text.split(" ", 1)[1]] for text in asked} <= covered  # only from finished lessons
        assert "Mock round done: 6 of 10" in summary.text
        assert "2 ran out of time" in summary.text
        assert "Time used: 4 min" in summary.text  # 6 x 20 s + 2 x 60 s + ... capped at 60 s each
        assert any(label.startswith("📖") for label, _ in summary.flat_buttons)
        assert await expiry.sweep() == 0  # nothing left to expire
        [progress] = await ivy.says("/progress")
        assert "Mock rounds: 6/10" in progress.text
        [mistakes] = await ivy.says("/mistakes")
        assert "Your mistakes" in mistakes.text  # missed and timed-out questions went into review


async def test_mock_with_too_little_covered_offers_a_labelled_preview_that_schedules_nothing(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path, course: Course
) -> None:
    clock = FrozenClock(START)
    uma = Learner(emulator, user_id=4006, first_name="Uma")
    async with running_bot(emulator, database_url, shipped_content, clock):
        await uma.reads_todays_lesson_on(course.path("fast-track").title)  # four questions covered
        [offer] = await uma.says("/mock")
        assert "yours hold 4 so far" in offer.text and offer.poll is None
        replies = await uma.presses("Preview mock", offer)
        assert "Preview mock" in replies[0].text and replies[-1].poll is not None
        poll = replies[-1]
        while poll.poll is not None:
            clock.advance(timedelta(seconds=10))
            [poll] = await uma.answers_wrong(poll)
        assert "Preview mock done: 0 of 10" in poll.text and "To learn" in poll.text
        assert "review" not in poll.text.split("To learn")[0].lower() or "nothing was added" in poll.text
        [mistakes] = await uma.says("/mistakes")
        assert "No open mistakes" in mistakes.text  # the preview put nothing into review
        [progress] = await uma.says("/progress")
        assert "Mock rounds" not in progress.text


async def test_design_drill_phases_notes_rubric_and_score(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path, course: Course
) -> None:
    clock = FrozenClock(START)
    jo = Learner(emulator, user_id=4002, first_name="Jo")
    drill = course.drills_by_id["url-shortener"]
    async with running_bot(emulator, database_url, shipped_content, clock):
        [menu] = await jo.says("/drill")
        assert "Design drills" in menu.text and len(menu.buttons) == len(course.drills)
        [page] = await jo.presses(drill.title, menu)
        assert "Phase 1/4: Requirements and constraints" in page.text and drill.brief[:40] in page.text

        [noted] = await jo.says("Ask about custom aliases and expiry; 1,200 writes/s.")
        assert "Noted (" in noted.text
        [refused] = await jo.says("x" * 4500)
        assert "the limit is 4000" in refused.text and "Nothing was added" in refused.text

        # The next day, /drill offers to resume where the learner left off.
        clock.advance(timedelta(days=1))
        [offer] = await jo.says("/drill")
        assert "unfinished drill" in offer.text and "phase 1 of 4" in offer.text
        [page] = await jo.presses("Resume", offer)
        for phase in range(2, 5):
            [page] = await jo.presses("Next phase", page)
            assert f"Phase {phase}/4" in page.text
        next_data = page.flat_buttons[0][1]
        [rubric] = await jo.presses("Show the rubric", page)
        assert "Tick what you covered" in rubric.text and drill.rubric[0].point[:30] in rubric.text
        await jo.presses_data(next_data, rubric)  # a double tap on the last Next
        assert jo.toasts[-1].startswith("That button is out of date")
        assert "Tick what you covered" in rubric.text  # the rubric is untouched
        [rubric] = await jo.presses("☐ 1", rubric)
        [rubric] = await jo.presses("☐ 3", rubric)
        [rubric] = await jo.presses("☑ 3", rubric)  # untick
        [rubric] = await jo.presses("☐ 2", rubric)
        assert "Done (2/" in rubric.flat_buttons[-1][0]
        tick_data = rubric.flat_buttons[0][1]
        [result] = await jo.presses("Done", rubric)
        total = len(drill.rubric)
        assert f"{drill.title}: 2 of {total}" in result.text
        assert drill.rubric[2].point[:30] in result.text  # a missed point is listed
        assert any(label.startswith("📖") for label, _ in result.flat_buttons)

        replies = await jo.presses_data(tick_data, result)  # a button of a finished drill
        assert jo.toasts[-1].startswith("That button is out of date") and replies
        [progress] = await jo.says("/progress")
        assert "Design drills done: 1" in progress.text


async def test_chapter_interview_question_uses_the_same_rubric(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path, course: Course
) -> None:
    kai = Learner(emulator, user_id=4003, first_name="Kai")
    chapter = course.chapter("core-concepts")
    async with running_bot(emulator, database_url, shipped_content, FrozenClock(START)):
        [chapters] = await kai.says("/chapters")
        [menu] = await kai.presses(chapter.title, chapters)
        [page] = await kai.presses("Practice an interview question", menu)
        assert chapter.interview[0].prompt[:40] in page.text
        [rubric] = await kai.presses("Show the rubric", page)
        assert chapter.interview[0].checklist[0][:30] in rubric.text
        [result] = await kai.presses("Done", rubric)
        assert f"0 of {len(chapter.interview[0].checklist)}" in result.text


async def test_estimation_drill_wrong_unit_then_right_answer(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path, course: Course
) -> None:
    lee = Learner(emulator, user_id=4004, first_name="Lee")
    async with running_bot(emulator, database_url, shipped_content, FrozenClock(START), rng=random.Random(3)):
        [question] = await lee.says("/estimate")
        estimate = next(e for e in course.estimates if e.question[:50] in question.text)
        wrong_unit = "3 hours" if estimate.dimension != "seconds" else "3 TB"
        [complaint] = await lee.says(wrong_unit)
        assert "but this question asks for" in complaint.text and "Nothing was recorded" in complaint.text
        [garbage] = await lee.says("about a lot")
        assert "couldn't find a number" in garbage.text
        [graded] = await lee.says(f"{estimate.answer * 1.2:.6g}")
        assert "Within range!" in graded.text
        assert humanize(estimate.answer, estimate.dimension) in graded.text
        assert "Step by step" in graded.text and estimate.solution[0][:20] in graded.text
        [chatter] = await lee.says("thanks!")
        assert "I work with commands and buttons" in chatter.text  # answered once, not again
        [progress] = await lee.says("/progress")
        assert "Estimates: 1 of 1 solved" in progress.text


async def test_cheatsheet_is_monospace_tables(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path, course: Course
) -> None:
    mo = Learner(emulator, user_id=4005, first_name="Mo")
    async with running_bot(emulator, database_url, shipped_content, FrozenClock(START)):
        sheets = await mo.says("/cheatsheet")
        assert sheets and all("<pre>" in sheet.html for sheet in sheets)
        text = "\n".join(sheet.text for sheet in sheets)
        assert all(section.title in text for section in course.cheatsheet)


async def test_free_text_belongs_to_the_activity_started_last(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path, course: Course
) -> None:
    from sqlalchemy import select

    from storage.models import DrillAttempt, EstimateAttempt

    mo = Learner(emulator, user_id=4005, first_name="Mo")
    drill = course.drills_by_id["url-shortener"]
    async with running_bot(emulator, database_url, shipped_content, FrozenClock(START), rng=random.Random(3)) as bot:
        [question] = await mo.says("/estimate")  # left unanswered
        estimate = next(e for e in course.estimates if e.question[:50] in question.text)
        [menu] = await mo.says("/drill")
        await mo.presses(drill.title, menu)
        [noted] = await mo.says("Reads dominate: 100 to 1.")  # the drill started last owns the text
        assert "Noted (" in noted.text
        [noted] = await mo.says("12k/s")  # looks like an estimate, but it is a note now
        assert "Noted (" in noted.text

        [question] = await mo.says("/estimate")  # now the estimate is the newest
        estimate = next(e for e in course.estimates if e.question[:50] in question.text)
        [graded] = await mo.says(f"{estimate.answer:.6g}")
        assert "Within range!" in graded.text
        [chatter] = await mo.says("and one more thought")  # neither claims it: the hint, never silence
        assert "I work with commands and buttons" in chatter.text

        async with bot["session_factory"]() as session:
            notes = (await session.scalars(select(DrillAttempt.notes).where(DrillAttempt.user_id == mo.id))).all()
            answers = (await session.scalars(select(EstimateAttempt).where(EstimateAttempt.user_id == mo.id))).all()
        assert notes == ["Reads dominate: 100 to 1.\n12k/s"]
        assert len(answers) == 1 and answers[0].estimate_id == estimate.id
