"""/admin for operators listed in ADMIN_IDS; everyone else gets the unknown-command hint."""

from __future__ import annotations

import logging
from datetime import timedelta
from html import escape

from aiogram import Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.callbacks import AdminCb
from bot.report import html as report_html
from domain.clock import Clock
from domain.progress import percent
from services.admin import AdminService, OperatorStats
from services.course_report import CourseReport, CourseReportService

log = logging.getLogger(__name__)
REPORT_NOT_SENT = "I couldn't send the report file just now. `python -m bot report` on the server writes the same page."
# In the chat, the report covers recent weeks: it is built while the bot serves everyone else, and
# its cost grows with the answers it reads. `python -m bot report` covers any period, off the bot.
ADMIN_WINDOW = timedelta(days=30)
SHOWN_QUESTIONS = 5
SHOWN_LESSONS = 3


def render(stats: OperatorStats, report: CourseReport | None = None) -> str:
    pushes = ", ".join(f"{status} {n}" for status, n in sorted(stats.pushes_today.items())) or "none yet"
    lines = [
        "<b>Operator view</b>",
        f"Learners: {stats.learners} ({stats.active} reachable, {stats.with_path} with a path)",
        f"Pushes today (UTC): {pushes}",
        f"Lesson feedback: 👍 {stats.helpful} · 👎 {stats.not_helpful}",
    ]
    if stats.comments:
        lines += ["", "<b>Latest comments</b>"]
        lines += [f"• {escape(lesson, quote=False)}: {escape(comment[:200], quote=False)}"
                  for lesson, comment in stats.comments]
    if report is not None:
        lines += _report_lines(report)
    return "\n".join(lines)


def _report_lines(report: CourseReport) -> list[str]:
    since = f" since {report.since.strftime('%d %b')}" if report.since else ""
    lines = ["", f"<b>Questions flagged</b>{since}: {len(report.flagged)} of {len(report.items)} answered"]
    for item in report.flagged[:SHOWN_QUESTIONS]:
        text = report.question_text.get(item.question_key, "")[:80]
        lines.append(f"• {escape(text, quote=False)} ({percent(round(item.right_share * 1000), 1000)}% right, "
                     f"{item.answers} answers): {escape(', '.join(item.flags), quote=False)}")
    if report.worst_lessons:
        lines += ["", "<b>Lessons to look at</b>"]
        for tally in report.worst_lessons[:SHOWN_LESSONS]:
            title = report.lesson_title.get(tally.lesson_id, tally.lesson_id)
            finished = "–" if tally.completion is None else f"{tally.completion * 100:.0f}%"
            lines.append(f"• {escape(title, quote=False)}: {finished} finish, 👎 {tally.not_helpful}")
    return lines


def _full_report_button() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text="📄 Full report (HTML)", callback_data=AdminCb(action="report").pack())
    ]])


def _is_operator(user_id: int | None, admin_ids: tuple[int, ...]) -> bool:
    return user_id is not None and user_id in admin_ids


async def admin(
    message: Message, admin_ids: tuple[int, ...], admin_service: AdminService, course_report: CourseReportService,
    clock: Clock,
) -> None:
    if not _is_operator(message.from_user.id if message.from_user else None, admin_ids):
        raise SkipHandler  # not an operator: the fallback answers as for any unknown command
    stats = await admin_service.stats(clock.now().date())
    report = await course_report.build(since=clock.now().date() - ADMIN_WINDOW)
    await message.answer(render(stats, report), reply_markup=_full_report_button())


async def full_report(
    callback: CallbackQuery, admin_ids: tuple[int, ...], course_report: CourseReportService, clock: Clock
) -> None:
    if not _is_operator(callback.from_user.id, admin_ids):
        raise SkipHandler  # a forged button: answered as any stale one
    report = await course_report.build(since=clock.now().date() - ADMIN_WINDOW)
    await callback.answer()
    page = report_html.render(report).encode("utf-8")
    name = f"sd-coach-report-{clock.now().date().isoformat()}.html"
    if isinstance(callback.message, Message):
        try:
            await callback.message.answer_document(BufferedInputFile(page, filename=name),
                                                   caption="Course report: open it in a browser.")
        except TelegramAPIError as exc:
            log.warning("could not send the course report: %s", exc)
            await callback.message.answer(REPORT_NOT_SENT)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(admin, Command("admin"))
    router.callback_query.register(full_report, AdminCb.filter())
    return router
