"""/settings, /timezone, /time and /interview: when the daily lesson comes, and the interview plan."""

from __future__ import annotations

from datetime import date

from aiogram import Bot, F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command, CommandObject
from aiogram.types import (
    CallbackQuery,
    Message,
    ReplyKeyboardRemove,
)
from tzfpy import get_tz

from bot.callbacks import InterviewCb, MenuCb, SettingsCb
from bot.filters import Matches
from bot.handlers.common import send_all, show
from bot.views import keyboards
from bot.views import push as push_views
from content import Course
from domain.plan import PlanError
from domain.reminders import format_time, parse_time_of_day
from domain.timezones import resolve_zone
from services.learning import LearningService, UnknownLesson
from services.practice import StaleButton
from services.reminders import PAUSE_CHOICES, SettingsService


async def settings_command(message: Message, reminder_settings: SettingsService) -> None:
    view = await reminder_settings.view(message.chat.id)
    await message.answer(push_views.settings(view), reply_markup=push_views.settings_keyboard(view))


async def settings_button(callback: CallbackQuery, reminder_settings: SettingsService) -> None:
    view = await reminder_settings.view(callback.from_user.id)
    await callback.answer()
    await show(callback, push_views.settings(view), push_views.settings_keyboard(view))


async def settings_action(
    callback: CallbackQuery, callback_data: SettingsCb, bot: Bot, reminder_settings: SettingsService
) -> None:
    user_id, action, value = callback.from_user.id, callback_data.action, callback_data.value
    if action == "tz":
        await callback.answer()
        await bot.send_message(user_id, push_views.TIMEZONE_PROMPT, reply_markup=push_views.regions_keyboard())
        await bot.send_message(user_id, "Or share your location:", reply_markup=keyboards.LOCATION_KEYBOARD)
        return
    if action == "utc":  # onboarding's "Skip: keep UTC"
        view = await reminder_settings.keep_utc(user_id)
        await callback.answer()
        await show(callback, push_views.first_push(view), None)
        await bot.send_message(user_id, "👍", reply_markup=ReplyKeyboardRemove())
        return
    if action == "regions":  # ◀ back from a region's zones
        await callback.answer()
        await show(callback, push_views.TIMEZONE_PROMPT, push_views.regions_keyboard())
        return
    if action == "region":
        if value not in push_views.REGIONS:
            raise StaleButton(value)  # a forged or retired region: no message without buttons
        await callback.answer()
        await show(callback, f"Pick a zone in {value}:", push_views.zones_keyboard(value))
        return
    if action == "time":
        await callback.answer()
        await show(callback, push_views.TIME_PROMPT, push_views.hours_keyboard())
        return
    try:
        if action == "zone":
            view = await reminder_settings.set_timezone(user_id, value)
        elif action == "at":
            view = await reminder_settings.set_time(user_id, int(value))
        elif action == "pace":
            view = await reminder_settings.set_pace(user_id, int(value))
        elif action == "weekends":
            view = await reminder_settings.toggle_weekends(user_id)
        elif action == "pause" and int(value) in PAUSE_CHOICES:
            view = await reminder_settings.pause(user_id, int(value))
        elif action == "resume":
            view = await reminder_settings.resume(user_id)
        elif action == "off":
            view = await reminder_settings.turn_off(user_id)
        else:
            raise UnknownLesson(action)  # a forged or outdated button
    except ValueError as exc:
        raise UnknownLesson(action) from exc
    await callback.answer("Saved ✅")
    await show(callback, push_views.settings(view), push_views.settings_keyboard(view))


async def timezone_command(message: Message, command: CommandObject, reminder_settings: SettingsService) -> None:
    zone_name = resolve_zone(command.args or "")
    if zone_name is None:
        await message.answer(push_views.TIMEZONE_PROMPT, reply_markup=push_views.regions_keyboard())
        return
    view = await reminder_settings.set_timezone(message.chat.id, zone_name)
    await message.answer(push_views.settings(view), reply_markup=push_views.settings_keyboard(view))


async def location(message: Message, reminder_settings: SettingsService) -> None:
    assert message.location is not None
    zone_name = get_tz(message.location.longitude, message.location.latitude)
    if not zone_name:
        await message.answer("I couldn't find a time zone there. " + push_views.TIMEZONE_PROMPT,
                             reply_markup=ReplyKeyboardRemove())
        return
    view = await reminder_settings.set_timezone(message.chat.id, zone_name)
    await message.answer(f"🌍 Timezone set to {zone_name}.", reply_markup=ReplyKeyboardRemove())
    await message.answer(push_views.settings(view), reply_markup=push_views.settings_keyboard(view))


async def typed_place(message: Message, reminder_settings: SettingsService) -> None:
    """Plain text while onboarding's timezone question is open: a city or a zone name."""
    result = await reminder_settings.timezone_from_text(message.chat.id, message.text or "")
    if result == "not-asked":
        raise SkipHandler  # not ours: the next feature (comments, estimates, notes) or the hint
    if isinstance(result, str):
        await message.answer("I don't know that place. Try a bigger city nearby or a zone like Europe/Lisbon, "
                             "pick a region above, or tap Skip.")
        return
    await message.answer(push_views.first_push(result), reply_markup=ReplyKeyboardRemove())


async def time_command(message: Message, command: CommandObject, reminder_settings: SettingsService) -> None:
    minute = parse_time_of_day(command.args or "")
    if minute is None:
        await message.answer(push_views.TIME_PROMPT, reply_markup=push_views.hours_keyboard())
        return
    view = await reminder_settings.set_time(message.chat.id, minute)
    await message.answer(
        f"⏰ Daily lesson at {format_time(minute)}.\n\n" + push_views.settings(view),
        reply_markup=push_views.settings_keyboard(view),
    )


async def _reply_plan(bot: Bot, chat_id: int, interview: date | None, course: Course,
                      reminder_settings: SettingsService, learning: LearningService) -> None:
    today = await reminder_settings.today(chat_id)
    try:
        days = await reminder_settings.set_interview(chat_id, interview)
    except PlanError as error:
        await bot.send_message(chat_id, push_views.plan_error(error, today),
                               reply_markup=push_views.interview_picker(today))
        return
    if interview is None:
        await bot.send_message(chat_id, "Interview plan cleared. Your daily lessons go on as before.")
        return
    messages = push_views.plan(interview, days, course)
    path = await learning.current_path(chat_id)
    await send_all(bot, chat_id, messages[:-1])
    if path is not None and path.id != "fast-track" and course.path("fast-track"):
        await bot.send_message(chat_id, messages[-1] + push_views.fast_track_tip(path.title),
                               reply_markup=push_views.fast_track_button())
    else:
        await bot.send_message(chat_id, messages[-1])


async def interview_command(
    message: Message, command: CommandObject, bot: Bot, course: Course, reminder_settings: SettingsService,
    learning: LearningService,
) -> None:
    args = (command.args or "").strip().lower()
    today = await reminder_settings.today(message.chat.id)
    if not args:
        interview, days = await reminder_settings.plan(message.chat.id)
        if interview and days:
            await send_all(bot, message.chat.id, push_views.plan(interview, days, course))
            return
        await message.answer(
            "When is your interview? Send /interview YYYY-MM-DD or tap a button.",
            reply_markup=push_views.interview_picker(today),
        )
        return
    if args in ("off", "cancel", "clear"):
        await _reply_plan(bot, message.chat.id, None, course, reminder_settings, learning)
        return
    try:
        interview = date.fromisoformat(args)
    except ValueError:
        example = date.fromordinal(today.toordinal() + 21).isoformat()
        await message.answer(push_views.BAD_DATE.format(example=example),
                             reply_markup=push_views.interview_picker(today))
        return
    await _reply_plan(bot, message.chat.id, interview, course, reminder_settings, learning)


async def interview_button(
    callback: CallbackQuery, callback_data: InterviewCb, bot: Bot, course: Course, reminder_settings: SettingsService,
    learning: LearningService,
) -> None:
    try:
        interview = date.fromisoformat(callback_data.day)
    except ValueError as exc:
        raise UnknownLesson(callback_data.day) from exc
    await callback.answer()
    await _reply_plan(bot, callback.from_user.id, interview, course, reminder_settings, learning)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(settings_command, Command("settings"))
    router.callback_query.register(settings_button, MenuCb.filter(F.target == "settings"))
    router.callback_query.register(settings_action, SettingsCb.filter())
    router.message.register(timezone_command, Command("timezone"))
    router.message.register(time_command, Command("time"))
    router.message.register(location, Matches(F.location))
    router.message.register(typed_place, Matches(F.text & ~F.text.startswith("/")))
    router.message.register(interview_command, Command("interview"))
    router.callback_query.register(interview_button, InterviewCb.filter())
    return router

