"""Whatever no feature claimed: unknown commands, free text, stale or forged buttons."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from bot import views
from bot.filters import Matches
from bot.views import keyboards


async def unknown_command(message: Message) -> None:
    command = (message.text or "").split(maxsplit=1)[0]
    await message.answer(views.unknown_command(command))


async def free_text(message: Message) -> None:
    await message.answer(views.HINT_FREE_TEXT)


async def stale_button(callback: CallbackQuery) -> None:
    """Callback data that no factory parses (old bot version, forged, truncated)."""
    await callback.answer(views.STALE_BUTTON, show_alert=True)
    if callback.message is not None:
        await callback.message.answer(views.help_text(), reply_markup=keyboards.main_menu())


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(unknown_command, Matches(F.text.startswith("/")))
    router.message.register(free_text)
    router.callback_query.register(stale_button)
    return router
