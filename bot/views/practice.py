"""Texts and buttons for mock rounds, design drills, estimation drills and the cheat sheet."""

from __future__ import annotations

from collections import Counter
from html import escape

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import DrillCb, DrillStartCb, EstimateCb, MenuCb, PageCb, RecallStartCb
from bot.views.paging import pack
from content import Course
from content.practice import CheatSection, Estimate
from domain.progress import percent
from domain.quantities import accepted_range, humanize
from services.practice import NOTES_MAX, DrillState
from services.quiz import MOCK_SECONDS, MOCK_SIZE, PREVIEW, Summary

MOCK_INTRO = (
    f"⏱ <b>Mock round</b>: {MOCK_SIZE} questions, {MOCK_SECONDS} seconds each, drawn from what you have "
    "covered and weighted toward your weak spots. Unanswered in time counts as missed. Go!"
)


def mock_summary(summary: Summary, course: Course) -> tuple[str, InlineKeyboardMarkup]:
    if summary.kind == PREVIEW:
        return preview_summary(summary, course)
    minutes, seconds = divmod(summary.seconds_used or 0, 60)
    lines = [
        f"⏱ <b>Mock round done: {summary.right} of {summary.total}</b>",
        f"Time used: {minutes} min {seconds:02d} s"
        + (f" · {summary.missed_in_time} ran out of time" if summary.missed_in_time else ""),
    ]
    builder = InlineKeyboardBuilder()
    missed = Counter(ref.lesson.id for key in summary.wrong_keys if (ref := course.question(key)) is not None)
    weak = [lesson_id for lesson_id, _ in missed.most_common()]
    weakest = next((lesson_id for lesson_id in weak if course.lessons_by_id[lesson_id].follow_ups), None)
    if weakest is not None:  # recall beats recognition: what the interviewer would ask next about it
        title = course.lessons_by_id[weakest].title
        builder.button(text=f"🎯 3 follow-ups: {title}"[:60], callback_data=RecallStartCb(lesson_id=weakest))
    if weak:
        lines += ["", "Worth re-reading:"]
        for lesson_id in weak[:3]:
            lesson = course.lessons_by_id[lesson_id]
            lines.append(f"• {escape(lesson.title, quote=False)}")
            builder.button(text=f"📖 {lesson.title}"[:60], callback_data=PageCb(lesson_id=lesson_id, page=1))
        lines += ["", "The questions you missed are now in /review."]
    builder.button(text="⏱ Another round", callback_data=MenuCb(target="mock"))
    builder.adjust(1)
    return "\n".join(lines), builder.as_markup()


def preview_summary(summary: Summary, course: Course) -> tuple[str, InlineKeyboardMarkup]:
    """A preview mock measured the road ahead: what was missed is a to-learn list, not reviews."""
    lines = [f"👀 <b>Preview mock done: {summary.right} of {summary.total}</b> (lessons you have not read yet)"]
    builder = InlineKeyboardBuilder()
    to_learn: list[str] = []
    for key in summary.wrong_keys:
        ref = course.question(key)
        if ref is not None and ref.lesson.id not in to_learn:
            to_learn.append(ref.lesson.id)
    if to_learn:
        lines += ["", "To learn (nothing was added to your reviews):"]
        for lesson_id in to_learn:
            lesson = course.lessons_by_id[lesson_id]
            lines.append(f"• {escape(lesson.title, quote=False)}")
        for lesson_id in to_learn[:5]:
            builder.button(text=f"📖 {course.lessons_by_id[lesson_id].title}"[:60],
                           callback_data=PageCb(lesson_id=lesson_id, page=1))
    else:
        lines += ["", "Nothing missed: the path ahead will go quickly."]
    builder.button(text="📖 Today's lesson", callback_data=MenuCb(target="today"))
    builder.adjust(1)
    return "\n".join(lines), builder.as_markup()


PREVIEW_INTRO = (
    f"👀 <b>Preview mock</b>: {MOCK_SIZE} questions from your path ahead, {MOCK_SECONDS} seconds each. "
    "It shows what is coming; what you miss becomes a to-learn list, not reviews."
)


def drill_menu(course: Course) -> tuple[str, InlineKeyboardMarkup]:
    builder = InlineKeyboardBuilder()
    for drill in course.drills:
        builder.button(text=drill.title, callback_data=DrillStartCb(item_id=drill.id))
    builder.adjust(1)
    text = (
        "🏗 <b>Design drills</b>\n\nAn open problem in the four phases of a real interview. Think, or type "
        f"notes as messages (up to {NOTES_MAX} characters, kept with the attempt). At the end you tick the "
        "points of a strong answer you covered."
    )
    return text, builder.as_markup()


def unfinished(state: DrillState) -> tuple[str, InlineKeyboardMarkup]:
    builder = InlineKeyboardBuilder()
    builder.button(text="▶ Resume", callback_data=DrillCb(attempt=state.attempt_id, action="resume", arg=0))
    builder.button(text="🔁 Start over", callback_data=DrillStartCb(item_id=state.item.id))
    builder.button(text="📋 Pick another", callback_data=MenuCb(target="drills"))
    builder.adjust(2, 1)
    where = "the rubric" if state.scoring else f"phase {state.phase + 1} of {len(state.item.phases)}"
    return f"You have an unfinished drill: <b>{escape(state.item.title, quote=False)}</b>, at {where}.", \
        builder.as_markup()


def drill_page(state: DrillState) -> tuple[str, InlineKeyboardMarkup]:
    if state.scoring:
        return rubric(state)
    item, phase = state.item, state.item.phases[state.phase]
    lines = [f"🏗 <b>{escape(item.title, quote=False)}</b>"]
    if state.phase == 0:
        lines += ["", escape(item.brief, quote=False)]
    lines += [
        "",
        f"<b>Phase {state.phase + 1}/{len(item.phases)}: {escape(phase.name, quote=False)}</b>"
        f" (about {phase.minutes} min)",
        escape(phase.prompt, quote=False),
        "",
        f"<i>Notes so far: {state.notes_length} of {NOTES_MAX} characters. Type to add more.</i>",
    ]
    builder = InlineKeyboardBuilder()
    last = state.phase == len(item.phases) - 1
    builder.button(text="✅ Show the rubric" if last else "Next phase ▶",
                   callback_data=DrillCb(attempt=state.attempt_id, action="next", arg=state.phase))
    builder.button(text="✖ Abandon", callback_data=DrillCb(attempt=state.attempt_id, action="abandon", arg=0))
    builder.adjust(1)
    return "\n".join(lines), builder.as_markup()


def rubric(state: DrillState) -> tuple[str, InlineKeyboardMarkup]:
    lines = [f"🏗 <b>{escape(state.item.title, quote=False)}</b>", "",
             "A strong answer covers these. Tick what you covered, then tap Done:", ""]
    builder = InlineKeyboardBuilder()
    for index, point in enumerate(state.item.rubric):
        mark = "☑" if index in state.ticked else "☐"
        lines.append(f"{index + 1}. {escape(point.point, quote=False)}")
        builder.button(text=f"{mark} {index + 1}", callback_data=DrillCb(attempt=state.attempt_id, action="tick",
                                                                          arg=index))
    builder.adjust(5)
    builder.row()
    done = InlineKeyboardBuilder()
    done.button(text=f"Done ({len(state.ticked)}/{len(state.item.rubric)}) ✅",
                callback_data=DrillCb(attempt=state.attempt_id, action="done", arg=0))
    builder.attach(done)
    return "\n".join(lines), builder.as_markup()


def drill_result(state: DrillState, course: Course) -> tuple[str, InlineKeyboardMarkup]:
    total = len(state.item.rubric)
    score = state.score or 0
    lines = [f"🏗 <b>{escape(state.item.title, quote=False)}: {score} of {total}</b> ({percent(score, total)}%)"]
    missed = [point for index, point in enumerate(state.item.rubric) if index not in state.ticked]
    builder = InlineKeyboardBuilder()
    if missed:
        lines += ["", "What to add next time:"]
        linked: list[str] = []
        for point in missed:
            lines.append(f"• {escape(point.point, quote=False)}")
            if point.lesson and point.lesson not in linked and point.lesson in course.lessons_by_id:
                linked.append(point.lesson)
        for lesson_id in linked[:6]:
            title = course.lessons_by_id[lesson_id].title
            builder.button(text=f"📖 {title}"[:60], callback_data=PageCb(lesson_id=lesson_id, page=1))
    else:
        lines += ["", "Every point covered. Try another drill, or the same one against the clock."]
    builder.button(text="🏗 Another drill", callback_data=MenuCb(target="drills"))
    builder.adjust(1)
    return "\n".join(lines), builder.as_markup()  # at most 15 points of 160 characters: always fits


def notes_too_long(current: int, attempted: int) -> str:
    return (f"That would make your notes {attempted} characters; the limit is {NOTES_MAX} "
            f"(you have {current}). Nothing was added: send something shorter.")


def estimate_question(estimate: Estimate) -> tuple[str, InlineKeyboardMarkup]:
    builder = InlineKeyboardBuilder()
    builder.button(text="Skip this one", callback_data=EstimateCb(action="skip"))
    text = (f"🧮 <b>Estimate</b>\n\n{escape(estimate.question, quote=False)}\n\n"
            "<i>Reply with a number and a unit, like 55 TB, 2e12, 300k or 12k/s.</i>")
    return text, builder.as_markup()


def estimate_result(estimate: Estimate, value: float, correct: bool) -> tuple[str, InlineKeyboardMarkup]:
    low, high = accepted_range(estimate.answer, estimate.tolerance)
    tolerance = "within ±50%" if estimate.tolerance == "half" else "within half an order of magnitude"
    head = "✅ <b>Within range!</b>" if correct else "❌ <b>Not quite.</b>"
    lines = [
        head,
        f"You said {humanize(value, estimate.dimension)}; the worked answer is "
        f"<b>{humanize(estimate.answer, estimate.dimension)}</b> (accepted {tolerance}: "
        f"{humanize(low, estimate.dimension)} to {humanize(high, estimate.dimension)}).",
        "",
        "<b>Step by step</b>",
    ]
    lines += [f"{n}. {escape(step, quote=False)}" for n, step in enumerate(estimate.solution, start=1)]
    builder = InlineKeyboardBuilder()
    builder.button(text="🧮 Another one", callback_data=EstimateCb(action="another"))
    if estimate.lesson:
        builder.button(text="📖 Related lesson", callback_data=PageCb(lesson_id=estimate.lesson, page=1))
    builder.adjust(1)
    return "\n".join(lines), builder.as_markup()


def cheatsheet(sections: tuple[CheatSection, ...]) -> list[str]:
    """The sections as monospace tables, packed into as few messages as fit."""
    def block(section: CheatSection) -> str:
        note = f"<i>{escape(section.note, quote=False)}</i>\n" if section.note else ""
        return (f"\n<b>{escape(section.title, quote=False)}</b>\n{note}"
                f"<pre>{escape(section.table.rstrip(), quote=False)}</pre>\n")

    return pack("📌 <b>Numbers to know</b>\n", map(block, sections))
