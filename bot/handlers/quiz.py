"""Quizzes as native quiz polls: lesson quizzes, /review, /quiz, /mistakes and retries, the placement check.

Handlers stay thin: the QuizService decides what to ask and grades answers; here we send polls
and render results.
"""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, PollAnswer

from bot.callbacks import MenuCb, QuizCb, RecallCb, RecallStartCb, RetryCb, ReviewCb
from bot.handlers.common import show
from bot.quiz_flow import begin, send_question, send_summary
from bot.views import keyboards
from bot.views import quiz as quiz_views
from content import Course
from domain.clock import Clock
from domain.review import RATING_NAMES, interval_text
from services.learning import LearningService
from services.practice import StaleButton
from services.quiz import Graded, QuizService, Started
from services.recall import Revealed

log = logging.getLogger(__name__)
MISTAKES_SHOWN = 8


async def lesson_quiz(
    callback: CallbackQuery, callback_data: QuizCb, bot: Bot, quiz: QuizService, clock: Clock
) -> None:
    user_id = callback.from_user.id
    result = await quiz.start_lesson_quiz(user_id, callback_data.lesson_id)
    await begin(bot, user_id, user_id, quiz, result, clock, callback)


async def review_command(message: Message, bot: Bot, quiz: QuizService, clock: Clock) -> None:
    await begin(bot, message.chat.id, message.chat.id, quiz, await quiz.start_review(message.chat.id), clock)


async def review_button(
    callback: CallbackQuery, callback_data: ReviewCb, bot: Bot, quiz: QuizService, clock: Clock
) -> None:
    user_id = callback.from_user.id
    result = await quiz.start_review(user_id, callback_data.chapter_id or None)
    await begin(bot, user_id, user_id, quiz, result, clock, callback)


async def quick_quiz(message: Message, bot: Bot, quiz: QuizService, clock: Clock) -> None:
    await begin(bot, message.chat.id, message.chat.id, quiz, await quiz.start_quick_quiz(message.chat.id), clock)


async def retry(callback: CallbackQuery, callback_data: RetryCb, bot: Bot, quiz: QuizService, clock: Clock) -> None:
    user_id = callback.from_user.id
    await begin(bot, user_id, user_id, quiz, await quiz.start_retry(user_id, callback_data.key), clock, callback)


async def placement_check(callback: CallbackQuery, bot: Bot, quiz: QuizService, clock: Clock) -> None:
    user_id = callback.from_user.id
    result = await quiz.start_placement(user_id)
    if isinstance(result, Started):
        await bot.send_message(user_id, quiz_views.PLACEMENT_INTRO)
    await begin(bot, user_id, user_id, quiz, result, clock, callback)


async def _mistakes_reply(quiz: QuizService, course: Course, user_id: int) -> tuple[str, InlineKeyboardMarkup]:
    groups = await quiz.mistakes(user_id)
    shown: list[tuple[str, list[tuple[int, str]]]] = []
    buttons: list[tuple[str, str, str]] = []
    total = sum(len(keys) for _, keys in groups)
    for chapter_id, keys in groups:
        entries = []
        for key in keys:
            if len(buttons) >= MISTAKES_SHOWN:
                break
            ref = course.questions[key]
            number = len(buttons) + 1
            entries.append((number, ref.question.question))
            buttons.append((f"{number}.", ref.lesson.id, key))
        if entries:
            shown.append((course.chapters_by_id[chapter_id].title, entries))
    markup = keyboards.mistakes(buttons) if buttons else keyboards.main_menu()
    return quiz_views.mistakes(shown, total - len(buttons)), markup


async def mistakes_command(message: Message, quiz: QuizService, course: Course) -> None:
    text, markup = await _mistakes_reply(quiz, course, message.chat.id)
    await message.answer(text, reply_markup=markup)


async def mistakes_button(callback: CallbackQuery, bot: Bot, quiz: QuizService, course: Course) -> None:
    text, markup = await _mistakes_reply(quiz, course, callback.from_user.id)
    await callback.answer()
    await bot.send_message(callback.from_user.id, text, reply_markup=markup)


async def poll_answer(
    answer: PollAnswer, bot: Bot, quiz: QuizService, learning: LearningService, course: Course
) -> None:
    if answer.user is None:
        return  # an anonymous vote: not one of our quiz polls
    outcome = await quiz.grade(answer.poll_id, answer.user.id, list(answer.option_ids))
    if not isinstance(outcome, Graded):
        level = logging.INFO if outcome.reason == "unknown-poll" else logging.DEBUG
        log.log(level, "answer to poll %s from user %s ignored: %s", answer.poll_id, answer.user.id, outcome.reason)
        return
    if outcome.resent:
        log.info("answer to unknown poll %s from user %s: its question is asked again", answer.poll_id, answer.user.id)
    await _continue(bot, answer.user.id, quiz, learning, course, outcome)


async def recall_callback(
    callback: CallbackQuery, callback_data: RecallCb, bot: Bot, quiz: QuizService, learning: LearningService,
    course: Course, clock: Clock,
) -> None:
    """Show a recall card's answer (rating 0), or take the learner's rating and move on."""
    user_id = callback.from_user.id
    outcome: Graded | None = None
    if callback_data.rating:
        graded = await quiz.rate(user_id, callback_data.item, callback_data.rating)
        if not isinstance(graded, Graded) and graded.reason != "already-graded":
            raise StaleButton(callback_data.item)
        outcome = graded if isinstance(graded, Graded) else None
    revealed = await quiz.reveal(user_id, callback_data.item)
    if not isinstance(revealed, Revealed):
        raise StaleButton(callback_data.item)
    item, rated = revealed.item, RATING_NAMES.get(revealed.rated or 0)
    if rated and outcome is not None and outcome.recall_due is not None:
        rated += f" · back {interval_text(outcome.recall_due - clock.now())}"
    text = quiz_views.recall_answer(item.number, item.total, item.lesson_title, item.question, revealed.answer, rated)
    await callback.answer()
    await show(callback, text, None if rated else keyboards.recall_ratings(item.item_id))
    if outcome is not None:  # a second tap on a rating changes nothing and asks nothing new
        await _continue(bot, user_id, quiz, learning, course, outcome)


async def recall_lesson(callback: CallbackQuery, callback_data: RecallStartCb, bot: Bot, quiz: QuizService,
                        clock: Clock) -> None:
    user_id = callback.from_user.id
    await begin(bot, user_id, user_id, quiz, await quiz.start_recall(user_id, callback_data.lesson_id), clock, callback)


async def _continue(
    bot: Bot, user_id: int, quiz: QuizService, learning: LearningService, course: Course, outcome: Graded
) -> None:
    if outcome.next_poll is not None:
        await send_question(bot, outcome.chat_id, user_id, quiz, outcome.next_poll)
    elif outcome.summary is not None:
        await send_summary(bot, outcome.chat_id, outcome.summary, learning, course)


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(lesson_quiz, QuizCb.filter())
    router.message.register(review_command, Command("review"))
    router.callback_query.register(review_button, ReviewCb.filter())
    router.message.register(quick_quiz, Command("quiz"))
    router.callback_query.register(retry, RetryCb.filter())
    router.callback_query.register(placement_check, MenuCb.filter(F.target == "placement"))
    router.message.register(mistakes_command, Command("mistakes"))
    router.callback_query.register(mistakes_button, MenuCb.filter(F.target == "mistakes"))
    router.poll_answer.register(poll_answer)
    router.callback_query.register(recall_callback, RecallCb.filter())
    router.callback_query.register(recall_lesson, RecallStartCb.filter())
    return router

