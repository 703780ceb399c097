"""/chapters: browse the whole course and jump to any lesson."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot import views
from bot.callbacks import ChapterCb, MenuCb
from bot.handlers.common import send_all, show
from bot.views import keyboards
from content import Course
from services.learning import LearningService, UnknownLesson


async def list_chapters(
    message: Message, course: Course, learning: LearningService, webapp_url: str | None = None
) -> None:
    completed, started = await learning.lesson_marks(message.chat.id)
    markup = keyboards.chapters(course, completed, started, webapp_url)
    await message.answer(views.chapters(course), reply_markup=markup)


async def list_chapters_button(
    callback: CallbackQuery, course: Course, learning: LearningService, webapp_url: str | None = None
) -> None:
    completed, started = await learning.lesson_marks(callback.from_user.id)
    await callback.answer()
    await show(callback, views.chapters(course), keyboards.chapters(course, completed, started, webapp_url))


async def open_chapter(
    callback: CallbackQuery, callback_data: ChapterCb, course: Course, learning: LearningService
) -> None:
    chapter = course.chapter(callback_data.chapter_id)
    if chapter is None:
        raise UnknownLesson(callback_data.chapter_id)  # answered as a stale button
    completed, started = await learning.lesson_marks(callback.from_user.id)
    await callback.answer()
    await show(callback, views.chapter(chapter, completed), keyboards.chapter_lessons(chapter, completed, started))


async def _send_glossary(bot: Bot, chat_id: int, course: Course) -> None:
    await send_all(bot, chat_id, views.glossary(course))
    await bot.send_message(chat_id, views.GLOSSARY_LESSONS, reply_markup=keyboards.glossary_lessons(course))


async def glossary(message: Message, bot: Bot, course: Course) -> None:
    await _send_glossary(bot, message.chat.id, course)


async def glossary_button(callback: CallbackQuery, bot: Bot, course: Course) -> None:
    await callback.answer()
    await _send_glossary(bot, callback.from_user.id, course)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(glossary, Command("glossary"))
    router.callback_query.register(glossary_button, MenuCb.filter(F.target == "glossary"))
    router.message.register(list_chapters, Command("chapters", "course"))
    router.callback_query.register(list_chapters_button, MenuCb.filter(F.target == "chapters"))
    router.callback_query.register(open_chapter, ChapterCb.filter())
    return router
