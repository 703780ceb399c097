"""Run the real bot (factories, polling loop, SQLite file) against the emulator."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from aiogram import Dispatcher

from bot.config import Settings
from bot.delivery.retry import RetryMiddleware
from bot.factory import attach_pushes, create_bot, create_dispatcher, create_push_scheduler
from bot.runtime import open_runtime
from domain.clock import Clock
from tests.support.emulator import BotApiEmulator

TEST_TOKEN = "424242:TEST-token-for-the-local-emulator-only"


async def _no_wait(seconds: float) -> None:
    await asyncio.sleep(0)


@asynccontextmanager
async def running_bot(
    emulator: BotApiEmulator,
    database_url: str,
    content_dir: Path | None = None,
    clock: Clock | None = None,
    rng: random.Random | None = None,
    concurrent: bool = False,
    pushes: bool = False,
    admin_ids: tuple[int, ...] = (),
    webapp_url: str | None = None,
) -> AsyncIterator[Dispatcher]:
    settings = Settings(
        bot_token=TEST_TOKEN, telegram_api_url=emulator.url, database_url=database_url,
        content_dir=content_dir, _env_file=None,
    )
    runtime = await open_runtime(settings)
    bot = create_bot(settings, retry=RetryMiddleware(sleep=_no_wait))  # waits are recorded, not slept
    dispatcher = create_dispatcher(
        runtime.course, runtime.session_factory, clock, rng or random.Random(7), admin_ids, webapp_url=webapp_url
    )
    if pushes:  # the real APScheduler tick, started with polling (it ticks once at start-up)
        scheduler = create_push_scheduler(
            settings, runtime.course, runtime.session_factory, clock, presence=dispatcher["presence"]
        )
        attach_pushes(dispatcher, scheduler)
    seen_before = len(emulator.calls_of("setMyCommands"))
    # Sequential handling (the default here): an update is confirmed (next offset) only after its
    # handler finished, which lets a test wait for "the bot has answered" without sleeping.
    # `concurrent=True` runs updates as tasks, as production does, for race tests.
    task = asyncio.create_task(
        dispatcher.start_polling(bot, handle_signals=False, handle_as_tasks=concurrent, polling_timeout=5)
    )
    try:
        await emulator.wait_for_call("setMyCommands", count=seen_before + 1)
        yield dispatcher
    finally:
        await dispatcher.stop_polling()
        await task
        await runtime.engine.dispose()
