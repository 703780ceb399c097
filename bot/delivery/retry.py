"""Retrying the bot's interactive API calls when Telegram says 'later' (429) or fails (5xx).

Replies to a learner are few and matter more than speed: a 429 is waited out (up to a cap) and
the call repeated; a 5xx or network error is retried twice with backoff. Daily pushes do not
use this: their sender pauses every send on a 429 and keeps its own accounts (bot/push_sender.py).
getUpdates is left alone; the polling loop has its own backoff.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import GetUpdates, TelegramMethod

log = logging.getLogger(__name__)


class RetryMiddleware(BaseRequestMiddleware):
    def __init__(
        self,
        max_wait: float = 30.0,
        server_retries: int = 2,
        backoff: float = 0.5,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.max_wait = max_wait
        self.server_retries = server_retries
        self.backoff = backoff
        self.sleep = sleep

    async def __call__(
        self, make_request: NextRequestMiddlewareType[Any], bot: Bot, method: TelegramMethod[Any]
    ) -> Any:
        if isinstance(method, GetUpdates):
            return await make_request(bot, method)
        waited, failures = 0.0, 0
        while True:
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                if waited + exc.retry_after > self.max_wait:
                    raise  # too long for a learner to wait on a reply: let the error handler speak
                log.info("%s: Telegram asks to wait %s s", method.__api_method__, exc.retry_after)
                waited += exc.retry_after
                await self.sleep(exc.retry_after)
            except (TelegramServerError, TelegramNetworkError):
                failures += 1
                if failures > self.server_retries:
                    raise
                await self.sleep(self.backoff * 2 ** (failures - 1))
