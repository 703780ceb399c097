"""/help: what the bot does and how to drive it."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot import views
from bot.callbacks import MenuCb
from bot.handlers.common import show
from bot.views import keyboards


async def help_command(message: Message) -> None:
    await message.answer(views.help_text(), reply_markup=keyboards.main_menu())


async def help_button(callback: CallbackQuery) -> None:
    await callback.answer()
    await show(callback, views.help_text(), keyboards.main_menu())


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(help_command, Command("help"))
    router.callback_query.register(help_button, MenuCb.filter(F.target == "help"))
    return router
