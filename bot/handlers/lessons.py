"""/today and lesson pages: Back/Next edit one message in place; Finish marks the lesson complete."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot import views
from bot.callbacks import FinishCb, MenuCb, PageCb, ShareCb
from bot.handlers.common import show
from bot.quiet_methods import answer_quietly
from bot.views import concepts as concept_views
from bot.views import keyboards
from content.pages import page_count, render_page
from domain import deep_links
from services.learning import LearningService, UnknownLesson


async def _today_reply(learning: LearningService, user_id: int) -> tuple[str, InlineKeyboardMarkup]:
    today = await learning.open_today(user_id)
    if today.path is None:
        choices = await learning.path_choices(user_id)
        return views.NO_PATH, keyboards.paths(choices)
    if today.lesson is None or today.chapter is None:
        return views.path_finished(today.path.title), keyboards.main_menu()
    page = render_page(today.chapter, today.lesson, 1)
    return page.html, keyboards.lesson_page(today.lesson.id, 1, page_count(today.lesson))


async def today(message: Message, learning: LearningService) -> None:
    text, markup = await _today_reply(learning, message.chat.id)
    await answer_quietly(message, text, markup)


async def today_button(callback: CallbackQuery, learning: LearningService) -> None:
    text, markup = await _today_reply(learning, callback.from_user.id)
    await callback.answer()
    await show(callback, text, markup)


async def turn_page(callback: CallbackQuery, callback_data: PageCb, learning: LearningService) -> None:
    chapter, lesson = learning.find_lesson(callback_data.lesson_id)  # UnknownLesson: a stale button
    if not 1 <= callback_data.page <= page_count(lesson):
        raise UnknownLesson(callback_data.lesson_id)  # forged page number: answered as a stale button
    if callback_data.page == 1:  # opening the lesson (from a push, /chapters, a re-read button)
        await learning.open_lesson(callback.from_user.id, callback_data.lesson_id)
    page = render_page(chapter, lesson, callback_data.page)
    from_chapter = chapter.id if callback_data.via == "c" else None
    await callback.answer()
    await show(callback, page.html, keyboards.lesson_page(lesson.id, page.number, page_count(lesson), from_chapter))


async def finish(callback: CallbackQuery, callback_data: FinishCb, learning: LearningService) -> None:
    result = await learning.finish_lesson(callback.from_user.id, callback_data.lesson_id)
    await callback.answer("Lesson complete ✅" if result.newly_completed else "Already completed")
    next_id = result.next_lesson.id if result.next_lesson else None
    markup = keyboards.after_lesson(result.lesson.id, bool(result.lesson.quiz), next_id, result.progress is not None)
    await show(callback, views.lesson_finished(result), markup)


async def share(callback: CallbackQuery, callback_data: ShareCb, bot: Bot, learning: LearningService) -> None:
    _, lesson = learning.find_lesson(callback_data.lesson_id)  # UnknownLesson: a stale button
    me = await bot.me()
    link = deep_links.url(me.username or "", deep_links.Link("lesson", lesson.id))
    await callback.answer()
    await bot.send_message(callback.from_user.id, concept_views.share(lesson.title, link),
                           reply_markup=concept_views.share_keyboard(lesson.title))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(today, Command("today", "next", "lesson"))
    router.callback_query.register(today_button, MenuCb.filter(F.target == "today"))
    router.callback_query.register(turn_page, PageCb.filter())
    router.callback_query.register(finish, FinishCb.filter())
    router.callback_query.register(share, ShareCb.filter())
    return router
