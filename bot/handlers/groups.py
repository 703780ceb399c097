"""Groups: this is a private-chat coach. A command in a group gets one short note with a link to
the private chat; everything else there is ignored (no replies to chatter, nothing stored)."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.types import CallbackQuery, Message

from bot import views
from bot.filters import Matches


async def group_command(message: Message, bot: Bot) -> None:
    me = await bot.me()
    await message.reply(views.private_only(me.username or ""))


async def group_chatter(message: Message) -> None:
    """Claimed so that no feature router answers it; deliberately silent."""


async def group_button(callback: CallbackQuery) -> None:
    await callback.answer(views.PRIVATE_ONLY_TOAST)


def create_router() -> Router:
    router = Router(name=__name__)
    not_private = Matches(F.chat.type != ChatType.PRIVATE)
    router.message.register(group_command, not_private, Matches(F.text.startswith("/")))
    router.message.register(group_chatter, not_private)
    router.callback_query.register(group_button, Matches(F.message.chat.type != ChatType.PRIVATE))
    return router
