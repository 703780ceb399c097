"""Interview practice: /mock rounds, /drill design drills (and chapters' interview questions),
/estimate drills and the /cheatsheet of numbers."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.callbacks import DrillCb, DrillStartCb, EstimateCb, MenuCb
from bot.filters import Matches
from bot.handlers.common import send_all, show
from bot.quiz_flow import begin
from bot.views import practice as practice_views
from content import Course
from domain.clock import Clock
from services.practice import DrillService, EstimateService, StaleButton
from services.quiz import QuizService, Started


async def _mock(
    bot: Bot, user_id: int, quiz: QuizService, clock: Clock, callback: CallbackQuery | None, preview: bool = False
) -> None:
    result = await quiz.start_mock(user_id, preview=preview)
    if isinstance(result, Started):
        await bot.send_message(user_id, practice_views.PREVIEW_INTRO if preview else practice_views.MOCK_INTRO)
    await begin(bot, user_id, user_id, quiz, result, clock, callback)


async def mock_command(message: Message, bot: Bot, quiz: QuizService, clock: Clock) -> None:
    await _mock(bot, message.chat.id, quiz, clock, None)


async def mock_button(callback: CallbackQuery, bot: Bot, quiz: QuizService, clock: Clock) -> None:
    await _mock(bot, callback.from_user.id, quiz, clock, callback)


async def preview_button(callback: CallbackQuery, bot: Bot, quiz: QuizService, clock: Clock) -> None:
    await _mock(bot, callback.from_user.id, quiz, clock, callback, preview=True)


async def drill_command(message: Message, course: Course, drills: DrillService) -> None:
    unfinished = await drills.unfinished(message.chat.id)
    text, markup = practice_views.unfinished(unfinished) if unfinished else practice_views.drill_menu(course)
    await message.answer(text, reply_markup=markup)


async def drill_menu_button(callback: CallbackQuery, course: Course) -> None:
    await callback.answer()
    text, markup = practice_views.drill_menu(course)
    await show(callback, text, markup)


async def drill_start(callback: CallbackQuery, callback_data: DrillStartCb, bot: Bot, drills: DrillService) -> None:
    state = await drills.start(callback.from_user.id, callback_data.item_id)
    await callback.answer()
    text, markup = practice_views.drill_page(state)
    await bot.send_message(callback.from_user.id, text, reply_markup=markup)


async def drill_action(
    callback: CallbackQuery, callback_data: DrillCb, bot: Bot, course: Course, drills: DrillService
) -> None:
    user_id, attempt, action = callback.from_user.id, callback_data.attempt, callback_data.action
    if action == "abandon":
        await drills.abandon(user_id, attempt)
        await callback.answer("Drill set aside")
        await show(callback, "Drill set aside. /drill starts another whenever you like.")
        return
    if action == "resume":
        state = await drills.resume(user_id, attempt)
        await callback.answer()
        text, markup = practice_views.drill_page(state)
        await bot.send_message(user_id, text, reply_markup=markup)
        return
    if action == "next":
        state = await drills.next_phase(user_id, attempt, callback_data.arg)
        text, markup = practice_views.drill_page(state)
    elif action == "tick":
        state = await drills.toggle(user_id, attempt, callback_data.arg)
        text, markup = practice_views.rubric(state)
    elif action == "done":
        state = await drills.finish(user_id, attempt)
        text, markup = practice_views.drill_result(state, course)
    else:
        raise StaleButton(action)  # a forged action: answered as an out-of-date button
    await callback.answer()
    await show(callback, text, markup)


async def estimate_command(message: Message, estimates: EstimateService) -> None:
    estimate = await estimates.next(message.chat.id)
    if estimate is None:
        await message.answer("No estimation drills are available right now.")
        return
    text, markup = practice_views.estimate_question(estimate)
    await message.answer(text, reply_markup=markup)


async def estimate_button(
    callback: CallbackQuery, callback_data: EstimateCb, bot: Bot, estimates: EstimateService
) -> None:
    await callback.answer()
    if callback_data.action == "skip":
        await estimates.skip(callback.from_user.id)
    estimate = await estimates.next(callback.from_user.id)
    if estimate is not None:
        text, markup = practice_views.estimate_question(estimate)
        await bot.send_message(callback.from_user.id, text, reply_markup=markup)


async def free_text(message: Message, estimates: EstimateService, drills: DrillService) -> None:
    """Plain text while an estimate or a drill is waiting: an answer or a note. Otherwise: not ours."""
    text = message.text or ""
    result = await estimates.answer(message.chat.id, text)
    if result.status == "invalid":
        await message.answer(f"{result.message} Nothing was recorded; send your estimate again.")
        return
    if result.status == "graded" and result.estimate and result.value:
        reply, markup = practice_views.estimate_result(result.estimate, result.value.value, result.correct)
        await message.answer(reply, reply_markup=markup)
        return
    note = await drills.add_note(message.chat.id, text)
    if note.status == "too-long":
        await message.answer(practice_views.notes_too_long(note.total, note.attempted))
        return
    if note.status == "saved":
        await message.answer(f"📝 Noted ({note.total} characters so far).")
        return
    raise SkipHandler  # the fallback router answers ordinary free text


async def cheatsheet(message: Message, bot: Bot, course: Course) -> None:
    await send_all(bot, message.chat.id, practice_views.cheatsheet(course.cheatsheet))


async def cheatsheet_button(callback: CallbackQuery, bot: Bot, course: Course) -> None:
    await callback.answer()
    await send_all(bot, callback.from_user.id, practice_views.cheatsheet(course.cheatsheet))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(mock_command, Command("mock"))
    router.callback_query.register(mock_button, MenuCb.filter(F.target == "mock"))
    router.callback_query.register(preview_button, MenuCb.filter(F.target == "preview"))
    router.message.register(drill_command, Command("drill", "drills"))
    router.callback_query.register(drill_menu_button, MenuCb.filter(F.target == "drills"))
    router.callback_query.register(drill_start, DrillStartCb.filter())
    router.callback_query.register(drill_action, DrillCb.filter())
    router.message.register(estimate_command, Command("estimate"))
    router.callback_query.register(estimate_button, EstimateCb.filter())
    router.message.register(cheatsheet, Command("cheatsheet", "numbers"))
    router.callback_query.register(cheatsheet_button, MenuCb.filter(F.target == "cheatsheet"))
    router.message.register(free_text, Matches(F.text & ~F.text.startswith("/")))
    return router

