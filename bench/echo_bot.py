"""The yardstick: a bare aiogram bot that answers every update with one API call and keeps no state.

`make bench` runs it and the coach over the same emulator, in the same run, and states every speed
target as a ratio to it, so the figures mean the same on a fast or a slow machine.
Usage: BOT_TOKEN=... TELEGRAM_API_URL=http://127.0.0.1:PORT python -m bench.echo_bot
"""

from __future__ import annotations

import asyncio
import os

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import CallbackQuery, Message, PollAnswer


async def main() -> None:
    session = AiohttpSession(api=TelegramAPIServer.from_base(os.environ["TELEGRAM_API_URL"]))
    bot = Bot(os.environ["BOT_TOKEN"], session=session)
    dispatcher = Dispatcher()

    @dispatcher.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "ok")

    @dispatcher.callback_query()
    async def tap(query: CallbackQuery) -> None:
        await query.answer()

    @dispatcher.poll_answer()
    async def vote(answer: PollAnswer) -> None:
        if answer.user is not None:
            await bot.send_message(answer.user.id, "noted")

    await dispatcher.start_polling(bot, allowed_updates=dispatcher.resolve_used_update_types())


if __name__ == "__main__":
    asyncio.run(main())
