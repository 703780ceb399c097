"""/start: a warm welcome and the paths."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import CommandStart
from aiogram.types import Message

from bot import views
from bot.views import keyboards
from content import Course
from services.learning import LearningService


async def start(message: Message, learning: LearningService, course: Course) -> None:
    first_name = message.from_user.first_name if message.from_user else ""
    choices = await learning.path_choices(message.chat.id)
    await message.answer(views.welcome(first_name, course, choices), reply_markup=keyboards.paths(choices))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(start, CommandStart())
    return router
