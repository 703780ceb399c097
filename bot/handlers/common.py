"""Small helpers shared by the feature routers."""

from __future__ import annotations

from collections.abc import Iterable

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.quiet_methods import edit_quietly, send_quietly


async def show(callback: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Edit the message the button sits on; send a new one when it can no longer be edited."""
    message = callback.message
    assert callback.bot is not None  # always set on updates that came through the dispatcher
    if isinstance(message, Message):
        try:
            await edit_quietly(callback.bot, message.chat.id, message.message_id, text, markup)
            return
        except TelegramBadRequest as exc:
            if "message is not modified" in str(exc):
                return  # a double tap on the same button: nothing to change
            # Too old or deleted: fall through and send the page as a new message.
    chat_id = message.chat.id if message is not None else callback.from_user.id
    await send_quietly(callback.bot, chat_id, text, markup)


async def send_all(bot: Bot, chat_id: int, texts: Iterable[str]) -> None:
    """Send a reply that was split into several messages, in order."""
    for text in texts:
        await bot.send_message(chat_id, text)
