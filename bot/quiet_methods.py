"""sendMessage and editMessageText for replies whose sent message the bot never reads.

Telegram answers both with the whole message, text and keyboard included, and aiogram turns that
into a Message model: for a lesson page, validating the echo of the page cost a tenth of the
update. These variants keep the answer as a plain dict (still checked for errors exactly as
aiogram checks them), for the busiest replies: /today, /progress and every edited page.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.methods import EditMessageText, SendMessage
from aiogram.types import InlineKeyboardMarkup, Message


class SendMessageQuietly(SendMessage):
    __returning__ = dict[str, Any]


class EditMessageTextQuietly(EditMessageText):
    __returning__ = dict[str, Any] | bool  # bool: an inline message (none here, but the API allows it)


# (Fields passed as a dict: aiogram types each method's __init__ for the class itself, and a
# subclass's signature, as mypy sees it, demands every deprecated field by name.)
async def send_quietly(
    bot: Bot, chat_id: int, text: str, markup: InlineKeyboardMarkup | None = None, thread_id: int | None = None
) -> None:
    fields: dict[str, Any] = {"chat_id": chat_id, "text": text, "reply_markup": markup,
                              "message_thread_id": thread_id}
    await bot(SendMessageQuietly(**fields))


async def answer_quietly(message: Message, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """What `message.answer(text, reply_markup=markup)` does (same chat, same topic), quietly."""
    assert message.bot is not None  # always set on updates that came through the dispatcher
    thread_id = message.message_thread_id if message.is_topic_message else None
    await send_quietly(message.bot, message.chat.id, text, markup, thread_id)


async def edit_quietly(
    bot: Bot, chat_id: int, message_id: int, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    fields: dict[str, Any] = {"chat_id": chat_id, "message_id": message_id, "text": text, "reply_markup": markup}
    await bot(EditMessageTextQuietly(**fields))
