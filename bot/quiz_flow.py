"""Asking questions as quiz polls and answering with results; shared by handlers and the expiry sweeper."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.enums import PollType
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError
from aiogram.types import CallbackQuery, InputPollOption

from bot.views import keyboards
from bot.views import practice as practice_views
from bot.views import quiz as quiz_views
from content import Course
from domain.clock import Clock
from domain.review import interval_text
from services.learning import LearningService
from services.quiz import PLACEMENT, TIMED, AlreadyRunning, Item, NothingToAsk, QuizService, Started, Summary
from services.recall import RecallToShow

log = logging.getLogger(__name__)


async def send_question(bot: Bot, chat_id: int, user_id: int, quiz: QuizService, item: Item) -> None:
    """Send what the quiz asks next: a quiz poll (remembered once Telegram gave it an id) or a
    recall card (recorded already). One that cannot be sent ends its quiz cleanly."""
    if isinstance(item, RecallToShow):
        await _send_recall(bot, chat_id, user_id, quiz, item)
        return
    poll = item
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
            open_period=poll.open_period,
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


async def _send_recall(bot: Bot, chat_id: int, user_id: int, quiz: QuizService, item: RecallToShow) -> None:
    text = quiz_views.recall_card(item.number, item.total, item.lesson_title, item.question)
    try:
        await bot.send_message(chat_id, text, reply_markup=keyboards.recall_show(item.item_id))
    except TelegramForbiddenError:
        await quiz.abandon(item.session_id)
    except TelegramAPIError:
        await quiz.abandon(item.session_id)
        log.warning("recall card for user %s could not be sent", user_id, exc_info=True)
        await bot.send_message(chat_id, quiz_views.SEND_FAILED)


async def begin(
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
        text = quiz_views.nothing_to_ask(result.reason, when, result.covered)
        if callback:
            await callback.answer()
        offer = keyboards.preview_mock() if result.reason == "too-little-covered" else keyboards.main_menu()
        await bot.send_message(chat_id, text, reply_markup=offer)
        return
    if callback:
        await callback.answer(quiz_views.set_aside(result.set_aside) if result.set_aside else None)
    elif result.set_aside:
        await bot.send_message(chat_id, quiz_views.set_aside(result.set_aside))
    if result.short_by or result.repeats:  # say so, rather than quietly give less or the same again
        await bot.send_message(chat_id, quiz_views.practice_note(result.poll.total, result.short_by, result.repeats))
    await send_question(bot, chat_id, user_id, quiz, result.poll)


async def send_summary(bot: Bot, chat_id: int, summary: Summary, learning: LearningService, course: Course) -> None:
    if summary.kind == PLACEMENT and summary.recommendation is not None:
        recommended = course.path(summary.recommendation.path_id)
        choices = await learning.path_choices(chat_id)
        await bot.send_message(
            chat_id,
            quiz_views.placement_result(
                recommended.title if recommended else summary.recommendation.path_id,
                summary.recommendation.reason, summary.right, summary.total,
                is_current=any(c.current and c.path.id == summary.recommendation.path_id for c in choices),
            ),
            reply_markup=keyboards.paths(choices, recommended=summary.recommendation.path_id, offer_check=False),
        )
        return
    if summary.kind in TIMED:
        text, markup = practice_views.mock_summary(summary, course)
        await bot.send_message(chat_id, text, reply_markup=markup)
        return
    lesson = course.lesson(summary.lesson_id) if summary.lesson_id else None
    today = await learning.today(chat_id)
    next_id = today.lesson.id if today.lesson and (lesson is None or today.lesson.id != lesson.id) else None
    await bot.send_message(
        chat_id,
        quiz_views.summary(summary.kind, summary.right, summary.total, summary.best, lesson.title if lesson else None),
        reply_markup=keyboards.after_quiz(next_id, has_mistakes=bool(summary.wrong_keys)),
    )


