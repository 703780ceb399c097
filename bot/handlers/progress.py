"""/progress: path completion, lessons read, what is next."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot import keyboards, views
from bot.callbacks import MenuCb
from bot.handlers.common import show
from services.learning import LearningService


async def progress(message: Message, learning: LearningService) -> None:
    report = await learning.report(message.chat.id)
    await message.answer(views.progress(report), reply_markup=keyboards.main_menu())


async def progress_button(callback: CallbackQuery, learning: LearningService) -> None:
    report = await learning.report(callback.from_user.id)
    await callback.answer()
    await show(callback, views.progress(report), keyboards.main_menu())


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(progress, Command("progress", "stats"))
    router.callback_query.register(progress_button, MenuCb.filter(F.target == "progress"))
    return router
