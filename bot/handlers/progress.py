"""/progress: path completion, lessons read, what is next."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot import views
from bot.callbacks import MenuCb
from bot.handlers.common import show
from bot.quiet_methods import answer_quietly
from bot.views import keyboards
from services.progress import ProgressReport, ProgressService


def _actions(report: ProgressReport, webapp_url: str | None) -> InlineKeyboardMarkup:
    weakest = tuple((chapter.id, chapter.title) for chapter in report.weakest)
    return keyboards.progress_actions(weakest, report.due_today, webapp_url)


async def progress(message: Message, progress_service: ProgressService, webapp_url: str | None = None) -> None:
    report = await progress_service.report(message.chat.id)
    await answer_quietly(message, views.progress(report), _actions(report, webapp_url))


async def progress_button(
    callback: CallbackQuery, progress_service: ProgressService, webapp_url: str | None = None
) -> None:
    report = await progress_service.report(callback.from_user.id)
    await callback.answer()
    await show(callback, views.progress(report), _actions(report, webapp_url))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(progress, Command("progress", "stats"))
    router.callback_query.register(progress_button, MenuCb.filter(F.target == "progress"))
    return router
