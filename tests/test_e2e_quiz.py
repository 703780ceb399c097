"""Quizzes end to end: polls over the Bot API emulator, grading, mistakes, spaced review, progress."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from content import Course, load_course
from domain.clock import FrozenClock
from domain.progress import percent
from tests.support.conversation import Learner
from tests.support.emulator import BotApiEmulator
from tests.support.running import running_bot

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def course(shipped_content: Path) -> Course:
    return load_course(shipped_content)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


def content_question(course: Course, poll_text: str):
    """The course question a poll asks (the poll may carry an 'n/N ' prefix)."""
    for ref in course.questions.values():
        if poll_text.endswith(ref.question.question):
            return ref
    raise AssertionError(f"no course question matches {poll_text!r}")


async def test_lesson_quiz_mistakes_review_and_progress(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path, course: Course, clock: FrozenClock
) -> None:
    ada = Learner(emulator, user_id=2001)
    fast_track = course.path("fast-track")
    lesson = course.lesson(fast_track.lesson_ids[0])
    async with running_bot(emulator, database_url, shipped_content, clock):
        await ada.reads_todays_lesson_on(fast_track.title)
        [first] = await ada.presses("Take the quiz")

        # A native quiz poll, not anonymous (so answers arrive), with the lesson's right answer marked.
        sent = emulator.calls_of("sendPoll")[-1]
        assert sent["type"] == "quiz" and sent["is_anonymous"] is False
        ref = content_question(course, first.text)
        assert ref.lesson.id == lesson.id and first.text.startswith(f"1/{len(lesson.quiz)} ")
        assert ada.options(first)[ada.correct_option(first)] == ref.question.options[ref.question.answer]
        assert emulator.polls[first.poll["id"]]["explanation"] == ref.question.explanation
        missed = ref.question.question

        [second] = await ada.answers_wrong(first)
        assert second.poll is not None and second.text.startswith("2/")
        for _ in range(len(lesson.quiz) - 2):
            [nxt] = await ada.answers_right(ada.polls[-1])
            assert nxt.poll is not None
        [summary] = await ada.answers_right(ada.polls[-1])
        assert f"{len(lesson.quiz) - 1} of {len(lesson.quiz)} right" in summary.text
        assert any("My mistakes" in label for label, _ in summary.flat_buttons)

        [mistakes] = await ada.says("/mistakes")
        assert missed[:60] in mistakes.text
        assert ref.chapter.title in mistakes.text
        labels = [label for label, _ in mistakes.flat_buttons]
        assert labels == ["📖 1. re-read", "🔁 1. retry"]
        [retry] = await ada.presses("retry", mistakes)
        assert retry.poll is not None and content_question(course, retry.text).key == ref.key
        [retried] = await ada.answers_wrong(retry)  # still wrong: it stays in the notebook
        assert "Retry done" in retried.text and "0 of 1 right" in retried.text
        [reread] = await ada.presses("re-read", mistakes)
        assert reread.text.startswith(lesson.title) and "page 1/" in reread.text

        *notes, quick = await ada.says("/quiz")  # drawn from the one lesson read so far
        assert any("Only 4 questions" in m.text for m in notes)  # and it says why only four
        assert quick.poll is not None and content_question(course, quick.text).lesson.id == lesson.id
        for _ in range(len(lesson.quiz) - 1):
            await ada.answers_right(ada.polls[-1])
        [quick_done] = await ada.answers_right(ada.polls[-1])
        assert "Quick quiz done" in quick_done.text

        [nothing] = await ada.says("/review")
        assert "Nothing is due for review right now. The next card comes back tomorrow." in nothing.text

        # A day later the missed question is due, and so are the lesson's three interview
        # follow-ups (recall cards, first due the day after the lesson): one session serves all.
        clock.advance(timedelta(days=1, hours=1))
        [review] = await ada.says("/review")
        done, asked = await ada.works_through(review)
        assert "Review done" in done.text and "4 of 4 right" in done.text
        polls = [m for m in ada.polls if m.poll["id"] in asked]
        assert [content_question(course, m.text).key for m in polls] == [ref.key]  # answering it right clears it
        assert sum(1 for text in asked if "Interview follow-up" in text) == len(lesson.follow_ups)

        [empty] = await ada.says("/mistakes")
        assert "No open mistakes" in empty.text
        [later] = await ada.says("/review")
        assert "Nothing is due for review right now" in later.text  # the card's due date moved out

        [progress] = await ada.says("/progress")
        assert "🔥 Streak: 2 days (longest 2)" in progress.text  # read on day 1, reviewed on day 2
        # Answers so far: quiz 3 right + 1 wrong, retry 1 wrong, quick quiz 4 right, review 1 right.
        right, total = (len(lesson.quiz) - 1) + len(lesson.quiz) + 1, 2 * len(lesson.quiz) + 2
        assert f"{percent(right, total)}% {ref.chapter.title}" in progress.text
        assert "🗂 Reviews due today: 0" in progress.text
        assert "🎯 Interview follow-ups: 3 practised, 0 due today" in progress.text

        clock.advance(timedelta(days=3))
        [progress] = await ada.says("/progress")
        assert "🔥 Streak: 0 days (longest 2)" in progress.text
        # Quiz cards answered right twice come back in about three days; the follow-ups rated Good once too.
        assert f"🗂 Reviews due today: {len(lesson.quiz) + len(lesson.follow_ups)}" in progress.text


async def test_answer_after_restart_is_graded(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path, course: Course, clock: FrozenClock
) -> None:
    ben = Learner(emulator, user_id=2002, first_name="Ben")
    async with running_bot(emulator, database_url, shipped_content, clock):
        await ben.reads_todays_lesson_on(course.path("fast-track").title)
        [poll] = await ben.presses("Take the quiz")
    async with running_bot(emulator, database_url, shipped_content, clock):  # a new process
        [nxt] = await ben.answers_right(poll)
        assert nxt.poll is not None and nxt.text.startswith("2/")


async def test_double_taps_and_bad_answers_grade_at_most_once(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path, course: Course, clock: FrozenClock
) -> None:
    cleo = Learner(emulator, user_id=2003, first_name="Cleo")
    async with running_bot(emulator, database_url, shipped_content, clock):
        await cleo.reads_todays_lesson_on(course.path("fast-track").title)
        finished = cleo.last
        [poll] = await cleo.presses("Take the quiz", finished)
        assert await cleo.presses("Take the quiz", finished) == []  # the second tap sends nothing
        assert cleo.toasts[-1] == "Your quiz is already under way: answer the question above."
        assert len(cleo.polls) == 1

        assert await cleo.answers_poll_id("no-such-poll", [0]) == []
        assert await cleo.answers(poll, None) == []  # a retracted vote
        [nxt] = await cleo.answers_right(poll)
        assert await cleo.answers_right(poll) == []  # redelivered or second answer: graded once
        assert await cleo.answers_wrong(poll) == []
        assert len(cleo.polls) == 2 and nxt.text.startswith("2/")

        # Someone else's poll id is not theirs to answer.
        intruder = Learner(emulator, user_id=2999, first_name="Mallory")
        assert await intruder.answers(nxt, 0) == []


async def test_placement_check_recommends_a_path(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path, course: Course, clock: FrozenClock
) -> None:
    dev = Learner(emulator, user_id=2004, first_name="Dev")
    async with running_bot(emulator, database_url, shipped_content, clock):
        [welcome] = await dev.says("/start")
        replies = await dev.presses("Not sure? Take a 2-minute check", welcome)
        assert "2-minute check" in replies[0].text and replies[-1].poll is not None
        poll = replies[-1]
        for number in range(8):
            answered = await (dev.answers_right(poll) if number < 4 else dev.answers_wrong(poll))
            poll = answered[-1]
        assert "Check done: 4 of 8" in poll.text
        assert "I'd suggest Mid-Level Engineer" in poll.text
        assert any(label == f"⭐ {course.path('mid-level').title}" for label, _ in poll.flat_buttons)
        [progress] = await dev.says("/progress")
        assert "Reviews due today: 0" in progress.text  # the check measures; it schedules no reviews


async def test_lesson_feedback_with_comment_limits(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path, course: Course, clock: FrozenClock
) -> None:
    eve = Learner(emulator, user_id=2005, first_name="Eve")
    async with running_bot(emulator, database_url, shipped_content, clock):
        await eve.reads_todays_lesson_on(course.path("fast-track").title)
        [thanks] = await eve.presses("Helpful")
        assert "send a comment as your next message" in thanks.text
        [refused] = await eve.says("y" * 2345)
        assert "2345 characters; the limit is 2000. Nothing was saved" in refused.text
        [saved] = await eve.says("The diagram on page 2 made it click.")
        assert "comment is saved" in saved.text
        [hint] = await eve.says("hello again")
        assert "I work with commands and buttons" in hint.text  # only the next message is a comment


async def test_two_simultaneous_taps_start_one_quiz(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path, course: Course, clock: FrozenClock
) -> None:
    """Updates handled concurrently, as in production: both taps arrive in one getUpdates batch."""
    fay = Learner(emulator, user_id=2006, first_name="Fay")
    async with running_bot(emulator, database_url, shipped_content, clock):
        await fay.reads_todays_lesson_on(course.path("fast-track").title)
    finished = fay.last
    data = fay.button("Take the quiz", finished)[1]
    answered_before = len(emulator.callback_answers)
    async with running_bot(emulator, database_url, shipped_content, clock, concurrent=True):
        for n in range(2):
            await emulator.push("callback_query", {
                "id": f"double-{n}", "from": fay.user, "chat_instance": "ci", "data": data,
                "message": {"message_id": finished.message_id, "date": 0, "chat": {"id": fay.id, "type": "private"},
                            "text": finished.text},
            })
        await emulator.wait_for_call("answerCallbackQuery", count=answered_before + 2)
        await emulator.wait_for_call("sendPoll", count=1)
    assert len(fay.polls) == 1
    assert "Your quiz is already under way: answer the question above." in fay.toasts
