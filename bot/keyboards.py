"""Inline keyboards. Builders return markup; ids (not titles) go into callback data."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import ChapterCb, FinishCb, MenuCb, PageCb, PathCb
from content import Chapter, Course
from content.pages import PAGE_COUNT
from services.learning import PathChoice


def main_menu() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text="📖 Today's lesson", callback_data=MenuCb(target="today"))
    builder.button(text="🧭 Paths", callback_data=MenuCb(target="paths"))
    builder.button(text="📚 Chapters", callback_data=MenuCb(target="chapters"))
    builder.button(text="📈 Progress", callback_data=MenuCb(target="progress"))
    builder.adjust(1, 3)
    return builder.as_markup()


def paths(choices: list[PathChoice]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for choice in choices:
        mark = "✅ " if choice.current else ""
        builder.button(text=f"{mark}{choice.path.title}", callback_data=PathCb(path_id=choice.path.id))
    builder.adjust(1)
    return builder.as_markup()


def open_today() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text="📖 Start today's lesson", callback_data=MenuCb(target="today"))
    return builder.as_markup()


def lesson_page(lesson_id: str, page: int) -> InlineKeyboardMarkup:
    row: list[InlineKeyboardButton] = []
    if page > 1:
        row.append(InlineKeyboardButton(text="◀ Back", callback_data=PageCb(lesson_id=lesson_id, page=page - 1).pack()))
    if page < PAGE_COUNT:
        row.append(InlineKeyboardButton(text="Next ▶", callback_data=PageCb(lesson_id=lesson_id, page=page + 1).pack()))
    else:
        row.append(InlineKeyboardButton(text="✅ Finish lesson", callback_data=FinishCb(lesson_id=lesson_id).pack()))
    return InlineKeyboardMarkup(inline_keyboard=[row])


def after_lesson(next_lesson_id: str | None) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    if next_lesson_id:
        builder.button(text="▶ Next lesson", callback_data=PageCb(lesson_id=next_lesson_id, page=1))
    builder.button(text="📈 Progress", callback_data=MenuCb(target="progress"))
    builder.button(text="📚 Chapters", callback_data=MenuCb(target="chapters"))
    builder.adjust(1, 2)
    return builder.as_markup()


def chapters(course: Course) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for chapter in course.chapters:
        builder.button(text=f"{chapter.number}. {chapter.title}", callback_data=ChapterCb(chapter_id=chapter.id))
    builder.adjust(1)
    return builder.as_markup()


def chapter_lessons(chapter: Chapter, completed: set[str]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for lesson in chapter.lessons:
        mark = "✅ " if lesson.id in completed else ""
        builder.button(text=f"{mark}{lesson.title}", callback_data=PageCb(lesson_id=lesson.id, page=1))
    builder.button(text="⬅ All chapters", callback_data=MenuCb(target="chapters"))
    builder.adjust(1)
    return builder.as_markup()
