"""/path: see the paths, choose or switch one (finished lessons are kept)."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot import views
from bot.callbacks import MenuCb, PathCb
from bot.handlers.common import show
from bot.views import keyboards
from bot.views import push as push_views
from bot.views.keyboards import LOCATION_KEYBOARD
from domain.progress import path_progress
from services.learning import LearningService, UnknownPath
from services.reminders import SettingsService


async def list_paths(message: Message, learning: LearningService) -> None:
    choices = await learning.path_choices(message.chat.id)
    await message.answer(views.paths(choices), reply_markup=keyboards.paths(choices))


async def list_paths_button(callback: CallbackQuery, learning: LearningService) -> None:
    choices = await learning.path_choices(callback.from_user.id)
    await callback.answer()
    await show(callback, views.paths(choices), keyboards.paths(choices))


async def choose_path(
    callback: CallbackQuery, callback_data: PathCb, bot: Bot, learning: LearningService,
    reminder_settings: SettingsService,
) -> None:
    first_path = await learning.current_path(callback.from_user.id) is None
    try:
        path = await learning.choose_path(callback.from_user.id, callback_data.path_id)
    except UnknownPath:
        await callback.answer(views.STALE_BUTTON, show_alert=True)
        choices = await learning.path_choices(callback.from_user.id)
        await show(callback, views.paths(choices), keyboards.paths(choices))
        return
    progress = path_progress(path.lesson_ids, await learning.completed(callback.from_user.id))
    await callback.answer(f"Path: {path.title}")
    reminder = await reminder_settings.view(callback.from_user.id)
    await show(
        callback,
        views.path_chosen(path.title, path.advice, progress.done, progress.total)
        + "\n\n" + push_views.daily_note(reminder),
        keyboards.open_today(),
    )
    if first_path and not reminder.timezone_chosen and reminder.reminders_on:  # onboarding: the right hour
        await reminder_settings.ask_timezone(callback.from_user.id)
        await bot.send_message(callback.from_user.id, push_views.onboarding_timezone(reminder),
                               reply_markup=push_views.onboarding_regions())
        await bot.send_message(callback.from_user.id, "📍 Or share your location:", reply_markup=LOCATION_KEYBOARD)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(list_paths, Command("path", "paths"))
    router.callback_query.register(list_paths_button, MenuCb.filter(F.target == "paths"))
    router.callback_query.register(choose_path, PathCb.filter())
    return router
