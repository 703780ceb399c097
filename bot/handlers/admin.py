"""/admin for operators listed in ADMIN_IDS; everyone else gets the unknown-command hint."""

from __future__ import annotations

from html import escape

from aiogram import Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command
from aiogram.types import Message

from domain.clock import Clock
from services.admin import AdminService, OperatorStats


def render(stats: OperatorStats) -> str:
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
    return "\n".join(lines)


async def admin(message: Message, admin_ids: tuple[int, ...], admin_service: AdminService, clock: Clock) -> None:
    if message.from_user is None or message.from_user.id not in admin_ids:
        raise SkipHandler  # not an operator: the fallback answers as for any unknown command
    await message.answer(render(await admin_service.stats(clock.now().date())))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(admin, Command("admin"))
    return router
