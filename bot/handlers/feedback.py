"""👍 / 👎 after a lesson, and the optional comment that follows."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.callbacks import FeedbackCb
from bot.filters import Matches
from bot.views import quiz as quiz_views
from services.feedback import COMMENT_MAX, FeedbackService


async def vote(callback: CallbackQuery, callback_data: FeedbackCb, feedback: FeedbackService) -> None:
    await feedback.vote(callback.from_user.id, callback_data.lesson_id, bool(callback_data.helpful))
    await callback.answer("Thanks!")
    if callback.message is not None:
        await callback.message.answer(quiz_views.FEEDBACK_THANKS)


async def skip(message: Message, feedback: FeedbackService) -> None:
    await feedback.skip(message.chat.id)
    await message.answer(quiz_views.FEEDBACK_SKIPPED)


async def comment(message: Message, feedback: FeedbackService) -> None:
    result = await feedback.comment(message.chat.id, message.text or "")
    if result.status == "not-awaiting":
        raise SkipHandler  # ordinary free text: the fallback router answers it
    if result.status == "too-long":
        await message.answer(quiz_views.feedback_too_long(result.length, COMMENT_MAX))
        return
    await message.answer(quiz_views.FEEDBACK_SAVED)


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(vote, FeedbackCb.filter())
    router.message.register(skip, Command("skip"))
    router.message.register(comment, Matches(F.text & ~F.text.startswith("/")))
    return router
