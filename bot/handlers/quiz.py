"""Quizzes as native quiz polls: lesson quizzes, /review, /quiz, /mistakes and retries, the placement check.

Handlers stay thin: the QuizService decides what to ask and grades answers; here we send polls
and render results.
"""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.enums import PollType
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InputPollOption, Message, PollAnswer

from bot import keyboards, quiz_views
from bot.callbacks import MenuCb, QuizCb, RetryCb, ReviewCb
from content import Course
from domain.clock import Clock
from domain.review import interval_text
from services.learning import LearningService
from services.quiz import PLACEMENT, AlreadyRunning, Graded, NothingToAsk, PollToSend, QuizService, Started, Summary

log = logging.getLogger(__name__)
MISTAKES_SHOWN = 8


async def send_question(bot: Bot, chat_id: int, user_id: int, quiz: QuizService, poll: PollToSend) -> None:
    """Send one quiz poll and remember it; a poll that cannot be sent ends its quiz cleanly."""
    try:
        message = await bot.send_poll(
            chat_id=chat_id,
            question=quiz_views.poll_question(poll.number, poll.total, poll.question),
            question_parse_mode=None,  # course text is plain here: no HTML parsing
            options=[InputPollOption(text=option, text_parse_mode=None) for option in poll.options],
            type=PollType.QUIZ,
            is_anonymous=False,  # otherwise Telegram sends no poll_answer and nothing can be graded
            correct_option_ids=[poll.correct_option],
            explanation=poll.explanation,
            explanation_parse_mode=None,
        )
    except TelegramForbiddenError:
        await quiz.abandon(poll.session_id)  # blocked: nothing more to send
        return
    except TelegramAPIError:
        await quiz.abandon(poll.session_id)
        log.warning("quiz poll for user %s could not be sent", user_id, exc_info=True)
        await bot.send_message(chat_id, quiz_views.SEND_FAILED)
        return
    assert message.poll is not None
    await quiz.record_poll(user_id, message.poll.id, poll)


async def _begin(
    bot: Bot,
    chat_id: int,
    user_id: int,
    quiz: QuizService,
    result: Started | AlreadyRunning | NothingToAsk,
    clock: Clock,
    callback: CallbackQuery | None = None,
) -> None:
    if isinstance(result, AlreadyRunning):
        if callback:
            await callback.answer(quiz_views.ALREADY_RUNNING)
        else:
            await bot.send_message(chat_id, quiz_views.ALREADY_RUNNING)
        return
    if isinstance(result, NothingToAsk):
        when = interval_text(result.next_due - clock.now()) if result.next_due else None
        text = quiz_views.nothing_to_ask(result.reason, when)
        if callback:
            await callback.answer()
        await bot.send_message(chat_id, text, reply_markup=keyboards.main_menu())
        return
    if callback:
        await callback.answer(quiz_views.set_aside(result.set_aside) if result.set_aside else None)
    elif result.set_aside:
        await bot.send_message(chat_id, quiz_views.set_aside(result.set_aside))
    await send_question(bot, chat_id, user_id, quiz, result.poll)


async def lesson_quiz(
    callback: CallbackQuery, callback_data: QuizCb, bot: Bot, quiz: QuizService, clock: Clock
) -> None:
    user_id = callback.from_user.id
    result = await quiz.start_lesson_quiz(user_id, callback_data.lesson_id)
    await _begin(bot, user_id, user_id, quiz, result, clock, callback)


async def review_command(message: Message, bot: Bot, quiz: QuizService, clock: Clock) -> None:
    await _begin(bot, message.chat.id, message.chat.id, quiz, await quiz.start_review(message.chat.id), clock)


async def review_button(
    callback: CallbackQuery, callback_data: ReviewCb, bot: Bot, quiz: QuizService, clock: Clock
) -> None:
    user_id = callback.from_user.id
    result = await quiz.start_review(user_id, callback_data.chapter_id or None)
    await _begin(bot, user_id, user_id, quiz, result, clock, callback)


async def quick_quiz(message: Message, bot: Bot, quiz: QuizService, clock: Clock) -> None:
    await _begin(bot, message.chat.id, message.chat.id, quiz, await quiz.start_quick_quiz(message.chat.id), clock)


async def retry(callback: CallbackQuery, callback_data: RetryCb, bot: Bot, quiz: QuizService, clock: Clock) -> None:
    user_id = callback.from_user.id
    await _begin(bot, user_id, user_id, quiz, await quiz.start_retry(user_id, callback_data.key), clock, callback)


async def placement_check(callback: CallbackQuery, bot: Bot, quiz: QuizService, clock: Clock) -> None:
    user_id = callback.from_user.id
    result = await quiz.start_placement(user_id)
    if isinstance(result, Started):
        await bot.send_message(user_id, quiz_views.PLACEMENT_INTRO)
    await _begin(bot, user_id, user_id, quiz, result, clock, callback)


async def _mistakes_reply(quiz: QuizService, course: Course, user_id: int) -> tuple[str, object]:
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
    await message.answer(text, reply_markup=markup)  # type: ignore[arg-type]


async def mistakes_button(callback: CallbackQuery, bot: Bot, quiz: QuizService, course: Course) -> None:
    text, markup = await _mistakes_reply(quiz, course, callback.from_user.id)
    await callback.answer()
    await bot.send_message(callback.from_user.id, text, reply_markup=markup)  # type: ignore[arg-type]


async def poll_answer(
    answer: PollAnswer, bot: Bot, quiz: QuizService, learning: LearningService, course: Course
) -> None:
    if answer.user is None:
        return  # an anonymous vote: not one of our quiz polls
    outcome = await quiz.grade(answer.poll_id, answer.user.id, list(answer.option_ids))
    if not isinstance(outcome, Graded):
        log.debug("poll answer %s ignored: %s", answer.poll_id, outcome.reason)
        return
    if outcome.next_poll is not None:
        await send_question(bot, outcome.chat_id, answer.user.id, quiz, outcome.next_poll)
    elif outcome.summary is not None:
        await _send_summary(bot, outcome.chat_id, outcome.summary, learning, course)


async def _send_summary(bot: Bot, chat_id: int, summary: Summary, learning: LearningService, course: Course) -> None:
    if summary.kind == PLACEMENT and summary.recommendation is not None:
        recommended = course.path(summary.recommendation.path_id)
        choices = await learning.path_choices(chat_id)
        await bot.send_message(
            chat_id,
            quiz_views.placement_result(
                recommended.title if recommended else summary.recommendation.path_id,
                summary.recommendation.reason, summary.right, summary.total,
            ),
            reply_markup=keyboards.paths(choices, recommended=summary.recommendation.path_id, offer_check=False),
        )
        return
    lesson = course.lesson(summary.lesson_id) if summary.lesson_id else None
    today = await learning.today(chat_id)
    next_id = today.lesson.id if today.lesson and (lesson is None or today.lesson.id != lesson.id) else None
    await bot.send_message(
        chat_id,
        quiz_views.summary(summary.kind, summary.right, summary.total, summary.best, lesson.title if lesson else None),
        reply_markup=keyboards.after_quiz(next_id, has_mistakes=bool(summary.wrong_keys)),
    )


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
    return router

