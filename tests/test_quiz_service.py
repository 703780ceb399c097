"""QuizService on a real SQLite file: scores, retired cards after content edits, set-aside quizzes."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from content import load_course
from domain.clock import FrozenClock
from services.feedback import FeedbackService
from services.learning import LearningService, UnknownLesson
from services.presence import Visitor, record_visit
from services.quiz import (
    AlreadyRunning,
    Graded,
    Ignored,
    NothingToAsk,
    QuizService,
    Started,
    retire_cards_of_retired_questions,
)
from services.unit_of_work import UnitOfWork
from storage.quiz_repository import QuizRepository
from tests.support import course_fixture as fx

USER = 42


async def arrives(session, clock: FrozenClock) -> None:
    """The learner's first update: what the update middleware records for them."""
    unit = UnitOfWork.of(session)
    await unit.run(True, lambda: record_visit(session, Visitor(USER, "Ada", None), clock.now()))


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 11, 2, 9, 0, tzinfo=UTC))


async def answer_all(quiz: QuizService, started: Started, right: bool) -> Graded:
    poll, n, outcome = started.poll, 0, None
    while poll is not None:
        n += 1
        await quiz.record_poll(USER, f"poll-{poll.session_id}-{n}", poll)
        choice = poll.correct_option if right else (poll.correct_option + 1) % 4
        outcome = await quiz.grade(f"poll-{poll.session_id}-{n}", USER, [choice])
        assert isinstance(outcome, Graded)
        poll = outcome.next_poll
    assert outcome is not None
    return outcome


async def test_lesson_score_keeps_best_and_latest(tmp_path: Path, sessions, clock: FrozenClock) -> None:
    course = load_course(fx.write_course(tmp_path / "course"))
    async with sessions() as session:
        await arrives(session, clock)
        quiz = QuizService(session, course, clock, random.Random(1))
        first = await answer_all(quiz, await quiz.start_lesson_quiz(USER, "first-lesson"), right=True)
        assert first.summary and (first.summary.right, first.summary.best) == (4, 4)
        clock.advance(timedelta(hours=1))
        second = await answer_all(quiz, await quiz.start_lesson_quiz(USER, "first-lesson"), right=False)
        assert second.summary and (second.summary.right, second.summary.best) == (0, 4)
        assert len(second.summary.wrong_keys) == 4


async def test_edited_question_retires_its_card(tmp_path: Path, sessions, clock: FrozenClock) -> None:
    root = fx.write_course(tmp_path / "course")
    course = load_course(root)
    async with sessions() as session:
        await arrives(session, clock)
        quiz = QuizService(session, course, clock, random.Random(1))
        await answer_all(quiz, await quiz.start_lesson_quiz(USER, "first-lesson"), right=False)
        assert len(await quiz.mistakes(USER)) == 1

    chapters = fx.chapters()
    chapters[0]["lessons"][0]["quiz"][0]["question"] = "A reworded question?"
    edited = load_course(fx.write_course(tmp_path / "edited", chapter_docs=chapters))
    clock.advance(timedelta(days=2))
    async with sessions() as session:
        quiz = QuizService(session, edited, clock, random.Random(1))
        [(_, keys)] = await quiz.mistakes(USER)
        assert len(keys) == 3  # the card for the old wording is retired, not shown as a broken poll
        started = await quiz.start_review(USER)
        assert isinstance(started, Started) and started.poll.total == 3
    async with sessions() as session:  # what the bot does at start-up with the edited course
        assert await retire_cards_of_retired_questions(session, edited, clock.now()) == 1
        assert await QuizRepository(session).count_due(USER, clock.now()) == 3


async def test_new_quiz_sets_the_old_one_aside_and_late_answers_still_count(
    tmp_path: Path, sessions, clock: FrozenClock
) -> None:
    course = load_course(fx.write_course(tmp_path / "course"))
    async with sessions() as session:
        learning = LearningService(session, course, clock)
        await arrives(session, clock)
        quiz = QuizService(session, course, clock, random.Random(1))
        first = await quiz.start_lesson_quiz(USER, "first-lesson")
        assert isinstance(first, Started)
        await quiz.record_poll(USER, "old-poll", first.poll)
        assert isinstance(await quiz.start_lesson_quiz(USER, "first-lesson"), AlreadyRunning)

        await learning.choose_path(USER, "fast-track")  # switching path mid-quiz changes nothing here
        other = await quiz.start_lesson_quiz(USER, "second-lesson")
        assert isinstance(other, Started) and other.set_aside == "lesson"

        late = await quiz.grade("old-poll", USER, [first.poll.correct_option])
        assert isinstance(late, Graded) and late.next_poll is None and late.summary is None
        assert isinstance(await quiz.grade("old-poll", USER, [0]), Ignored)


async def test_stale_quiz_restarts_instead_of_blocking(tmp_path: Path, sessions, clock: FrozenClock) -> None:
    course = load_course(fx.write_course(tmp_path / "course"))
    async with sessions() as session:
        await arrives(session, clock)
        quiz = QuizService(session, course, clock, random.Random(1))
        await quiz.start_lesson_quiz(USER, "first-lesson")
        clock.advance(timedelta(hours=2))
        assert isinstance(await quiz.start_lesson_quiz(USER, "first-lesson"), Started)


async def test_nothing_to_ask(tmp_path: Path, sessions, clock: FrozenClock) -> None:
    course = load_course(fx.write_course(tmp_path / "course"))
    async with sessions() as session:
        await arrives(session, clock)
        quiz = QuizService(session, course, clock, random.Random(1))
        assert await quiz.start_review(USER) == NothingToAsk("nothing-due", None)
        assert await quiz.start_quick_quiz(USER) == NothingToAsk("nothing-read")
        assert await quiz.start_retry(USER, "gone.deadbeef") == NothingToAsk("unknown-question")


async def test_feedback_comment_window_and_limit(tmp_path: Path, sessions, clock: FrozenClock) -> None:
    course = load_course(fx.write_course(tmp_path / "course"))
    async with sessions() as session:
        await arrives(session, clock)
        feedback = FeedbackService(session, course, clock)
        learning = LearningService(session, course, clock)
        assert (await feedback.comment(USER, "unprompted")).status == "not-awaiting"
        with pytest.raises(UnknownLesson):  # a vote on a lesson never opened is a forged button
            await feedback.vote(USER, "first-lesson", helpful=False)
        await learning.open_lesson(USER, "first-lesson")
        await learning.open_lesson(USER, "second-lesson")
        await feedback.vote(USER, "first-lesson", helpful=False)
        assert (await feedback.comment(USER, "x" * 2001)).status == "too-long"
        assert (await feedback.comment(USER, "x" * 2000)).status == "saved"
        await feedback.vote(USER, "second-lesson", helpful=True)
        clock.advance(timedelta(hours=1))
        assert (await feedback.comment(USER, "much later")).status == "not-awaiting"


async def test_a_question_lost_before_it_was_recorded_is_asked_again(
    tmp_path: Path, sessions, clock: FrozenClock
) -> None:
    """The process died after choosing a question and before storing its poll: tapping the quiz
    again (after a moment) or answering the unknown poll brings the same question back."""
    course = load_course(fx.write_course(tmp_path / "course"))
    async with sessions() as session:
        await arrives(session, clock)
        quiz = QuizService(session, course, clock, random.Random(1))
        first = await quiz.start_lesson_quiz(USER, "first-lesson")
        assert isinstance(first, Started)
        assert isinstance(await quiz.start_lesson_quiz(USER, "first-lesson"), AlreadyRunning)  # a double tap
        clock.advance(timedelta(seconds=5))
        again = await quiz.start_lesson_quiz(USER, "first-lesson")
        assert isinstance(again, Started)
        assert (again.poll.session_id, again.poll.number, again.poll.question) == (
            first.poll.session_id, 1, first.poll.question)

        await quiz.record_poll(USER, "p1", again.poll)
        graded = await quiz.grade("p1", USER, [again.poll.correct_option])
        assert isinstance(graded, Graded) and graded.next_poll is not None  # question 2, never recorded
        clock.advance(timedelta(seconds=5))
        resent = await quiz.grade("orphan-of-question-2", USER, [0])
        assert isinstance(resent, Graded) and resent.resent and resent.next_poll is not None
        assert resent.next_poll.number == 2 and resent.next_poll.question == graded.next_poll.question

        await quiz.record_poll(USER, "p2", resent.next_poll)
        await quiz.record_poll(USER, "p2-duplicate", resent.next_poll)  # sent twice, in a race
        assert isinstance(await quiz.grade("p2", USER, [0]), Graded)
        duplicate = await quiz.grade("p2-duplicate", USER, [0])
        assert isinstance(duplicate, Graded) and duplicate.next_poll is None  # one chain of questions only
