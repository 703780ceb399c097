"""Inline keyboards. Builders return markup; ids (not titles) go into callback data.

The keyboards of the busiest replies (a lesson page, the menu, /progress) are built once per
distinct set of arguments and shared: a reply only reads its markup (aiogram serialises it), and
building the button models and packing their callback data cost as much as rendering the page.
Their arguments are therefore hashable (tuples, not lists)."""

from __future__ import annotations

import functools
from collections.abc import Set

from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    WebAppInfo,
)
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import (
    ChapterCb,
    DrillStartCb,
    FeedbackCb,
    FinishCb,
    MenuCb,
    PageCb,
    PathCb,
    QuizCb,
    RecallCb,
    RetryCb,
    ReviewCb,
    ShareCb,
)
from content import Chapter, Course
from content.pages import PAGE_COUNT
from domain.review import AGAIN, EASY, GOOD, HARD
from services.learning import PathChoice


@functools.cache
def main_menu() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text="📖 Today's lesson", callback_data=MenuCb(target="today"))
    builder.button(text="🧭 Paths", callback_data=MenuCb(target="paths"))
    builder.button(text="📚 Chapters", callback_data=MenuCb(target="chapters"))
    builder.button(text="📈 Progress", callback_data=MenuCb(target="progress"))
    builder.adjust(1, 3)
    return builder.as_markup()


def paths(choices: list[PathChoice], recommended: str | None = None, offer_check: bool = True) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for choice in choices:
        mark = "✅ " if choice.current else ("⭐ " if choice.path.id == recommended else "")
        builder.button(text=f"{mark}{choice.path.title}", callback_data=PathCb(path_id=choice.path.id))
    builder.adjust(1)
    if offer_check:
        builder.row(placement_offer())
    return builder.as_markup()


def open_today() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text="📖 Start today's lesson", callback_data=MenuCb(target="today"))
    builder.button(text="⚙️ Time and timezone", callback_data=MenuCb(target="settings"))
    builder.adjust(1)
    return builder.as_markup()


# The syllabus makes this lesson the door to the glossary (content/glossary.yaml).
GLOSSARY_LESSON = "30-must-know-concepts"
LOCATION_KEYBOARD = ReplyKeyboardMarkup(
    keyboard=[[KeyboardButton(text="📍 Share my location", request_location=True)]],
    resize_keyboard=True,
    one_time_keyboard=True,
)


@functools.lru_cache(maxsize=4096)
def lesson_page(
    lesson_id: str, page: int, pages: int = PAGE_COUNT, chapter_id: str | None = None
) -> InlineKeyboardMarkup:
    """Back / Next / Finish; `chapter_id` when opened from the chapter's list (a way back to it)."""
    via = "c" if chapter_id else ""
    row: list[InlineKeyboardButton] = []
    if page > 1:
        back = PageCb(lesson_id=lesson_id, page=page - 1, via=via).pack()
        row.append(InlineKeyboardButton(text="◀ Back", callback_data=back))
    if page < pages:
        forward = PageCb(lesson_id=lesson_id, page=page + 1, via=via).pack()
        row.append(InlineKeyboardButton(text="Next ▶", callback_data=forward))
    else:
        row.append(InlineKeyboardButton(text="✅ Finish lesson", callback_data=FinishCb(lesson_id=lesson_id).pack()))
    rows = [row]
    if chapter_id:
        rows.append([InlineKeyboardButton(text="◀ Chapter", callback_data=ChapterCb(chapter_id=chapter_id).pack())])
    if lesson_id == GLOSSARY_LESSON:
        rows.append([InlineKeyboardButton(text="📖 All 30 terms", callback_data=MenuCb(target="glossary").pack())])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def after_lesson(
    lesson_id: str, has_quiz: bool, next_lesson_id: str | None, has_path: bool = True
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    sizes = []
    if has_quiz:
        builder.button(text="📝 Take the quiz", callback_data=QuizCb(lesson_id=lesson_id))
        sizes.append(1)
    if not has_path:  # arrived by a link: the lesson came first, now the way on
        builder.button(text="🧭 Choose a path", callback_data=MenuCb(target="paths"))
        sizes.append(1)
    elif next_lesson_id:
        builder.button(text="▶ Next lesson", callback_data=PageCb(lesson_id=next_lesson_id, page=1))
        sizes.append(1)
    builder.button(text="👍 Helpful", callback_data=FeedbackCb(lesson_id=lesson_id, helpful=1))
    builder.button(text="👎 Not really", callback_data=FeedbackCb(lesson_id=lesson_id, helpful=0))
    builder.button(text="🔗 Share", callback_data=ShareCb(lesson_id=lesson_id))
    builder.adjust(*sizes, 2, 1)
    return builder.as_markup()


def after_quiz(next_lesson_id: str | None, has_mistakes: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    if next_lesson_id:
        builder.button(text="▶ Next lesson", callback_data=PageCb(lesson_id=next_lesson_id, page=1))
    if has_mistakes:
        builder.button(text="🔁 My mistakes", callback_data=MenuCb(target="mistakes"))
    builder.button(text="📈 Progress", callback_data=MenuCb(target="progress"))
    builder.adjust(1)
    return builder.as_markup()


def mistakes(entries: list[tuple[str, str, str]]) -> InlineKeyboardMarkup:
    """One row per question: (number label, lesson id, question key)."""
    builder = InlineKeyboardBuilder()
    for label, lesson_id, key in entries:
        builder.button(text=f"📖 {label} re-read", callback_data=PageCb(lesson_id=lesson_id, page=1))
        builder.button(text=f"🔁 {label} retry", callback_data=RetryCb(key=key))
    builder.adjust(2)
    return builder.as_markup()


def course_map_button(webapp_url: str) -> InlineKeyboardButton:
    """Opens the Mini App (bot.webapp) inside Telegram."""
    return InlineKeyboardButton(text="🗺 Course map", web_app=WebAppInfo(url=webapp_url))


@functools.lru_cache(maxsize=4096)
def progress_actions(
    weakest: tuple[tuple[str, str], ...], due: int, webapp_url: str | None = None
) -> InlineKeyboardMarkup:
    """Buttons under /progress: review what is due, then each weak chapter (id, title)."""
    builder = InlineKeyboardBuilder()
    if webapp_url:
        builder.add(course_map_button(webapp_url))
    if due:
        builder.button(text=f"🗂 Review {due} due", callback_data=ReviewCb(chapter_id=""))
    for chapter_id, title in weakest:
        builder.button(text=f"💪 Review {title}", callback_data=ReviewCb(chapter_id=chapter_id))
    builder.button(text="📖 Today's lesson", callback_data=MenuCb(target="today"))
    builder.adjust(1)
    return builder.as_markup()


def placement_offer() -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text="🤔 Not sure? Take a 2-minute check", callback_data=MenuCb(target="placement").pack()
    )


DONE, STARTED = "✅", "◐"


def chapters(
    course: Course, completed: Set[str] = frozenset(), started: Set[str] = frozenset(), webapp_url: str | None = None
) -> InlineKeyboardMarkup:
    """Every chapter: ✅ all its lessons finished, ◐ some opened or finished."""
    builder = InlineKeyboardBuilder()
    if webapp_url:
        builder.add(course_map_button(webapp_url))
    for chapter in course.chapters:
        ids = {lesson.id for lesson in chapter.lessons}
        mark = f"{DONE} " if ids <= completed else (f"{STARTED} " if ids & (completed | started) else "")
        builder.button(text=f"{mark}{chapter.number}. {chapter.title}", callback_data=ChapterCb(chapter_id=chapter.id))
    builder.adjust(1)
    return builder.as_markup()


def chapter_lessons(chapter: Chapter, completed: Set[str], started: Set[str] = frozenset()) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for lesson in chapter.lessons:
        mark = f"{DONE} " if lesson.id in completed else (f"{STARTED} " if lesson.id in started else "")
        builder.button(text=f"{mark}{lesson.title}", callback_data=PageCb(lesson_id=lesson.id, page=1, via="c"))
    if chapter.interview:
        # Rotate through the chapter's questions as the learner progresses through it.
        index = sum(1 for lesson in chapter.lessons if lesson.id in completed) % len(chapter.interview)
        builder.button(text="🎤 Practice an interview question",
                       callback_data=DrillStartCb(item_id=f"{chapter.id}.{index}"))
    builder.button(text="⬅ All chapters", callback_data=MenuCb(target="chapters"))
    builder.adjust(1)
    return builder.as_markup()


def recall_show(item: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text="👀 Show answer", callback_data=RecallCb(item=item, rating=0).pack())
    ]])


def recall_ratings(item: str) -> InlineKeyboardMarkup:
    """FSRS's four ratings, as the learner judges their own recall."""
    labels = ((AGAIN, "🔁 Again"), (HARD, "😓 Hard"), (GOOD, "🙂 Good"), (EASY, "😎 Easy"))
    return InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text=label, callback_data=RecallCb(item=item, rating=rating).pack())
        for rating, label in labels
    ]])


def preview_mock() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text="👀 Preview mock (the path ahead)", callback_data=MenuCb(target="preview"))
    builder.button(text="📖 Today's lesson", callback_data=MenuCb(target="today"))
    builder.adjust(1)
    return builder.as_markup()


def glossary_lessons(course: Course) -> InlineKeyboardMarkup:
    """Each glossary term opens the lesson that teaches it."""
    builder = InlineKeyboardBuilder()
    for term in course.glossary:
        if course.lesson(term.lesson) is not None:
            builder.button(text=f"📖 {term.term}"[:40], callback_data=PageCb(lesson_id=term.lesson, page=1))
    builder.adjust(2)
    return builder.as_markup()
