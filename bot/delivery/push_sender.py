"""Sending pushes through the shared limiter, and what Telegram's answers mean for them.

429: pause every send for retry_after, then try the same message again.
403: the learner blocked the bot (or deleted the account): stop at once, never retry.
5xx and network errors: retry with backoff, a bounded number of times, then give up and say why.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import InlineKeyboardMarkup

from services.rate_limit import SendLimiter
from services.shared_rate import SharedSendLimiter

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SendOutcome:
    status: str  # sent | blocked | failed
    error: str | None = None


class PushSender:
    def __init__(
        self,
        bot: Bot,
        limiter: SendLimiter | SharedSendLimiter,
        max_attempts: int = 4,
        backoff: float = 1.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        max_flood_waits: int = 10,
        paid_broadcast: bool = False,
    ) -> None:
        self.bot = bot
        self.limiter = limiter
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.sleep = sleep
        self.max_flood_waits = max_flood_waits
        # Telegram's paid broadcasts: beyond ~30/s, up to 1000/s, each message above the free
        # rate charged in Stars to the bot's balance (Bot API allow_paid_broadcast).
        self.paid_broadcast = paid_broadcast

    async def send(self, chat_id: int, text: str, markup: InlineKeyboardMarkup | None = None) -> SendOutcome:
        failures = flood_waits = 0
        while True:
            await self.limiter.acquire(chat_id)
            try:
                await self.bot.send_message(
                    chat_id, text, reply_markup=markup, allow_paid_broadcast=self.paid_broadcast or None
                )
                return SendOutcome("sent")
            except TelegramRetryAfter as exc:
                flood_waits += 1
                self.limiter.pause(exc.retry_after)
                if flood_waits > self.max_flood_waits:
                    return SendOutcome("failed", f"still rate limited after {flood_waits} waits")
            except TelegramForbiddenError as exc:
                return SendOutcome("blocked", exc.message[:200])
            except (TelegramServerError, TelegramNetworkError) as exc:
                failures += 1
                if failures >= self.max_attempts:
                    log.warning("push to %s failed %d times: %s", chat_id, failures, exc)
                    return SendOutcome("failed", f"{type(exc).__name__}: {exc}"[:200])
                await self.sleep(self.backoff * 2 ** (failures - 1))
            except TelegramAPIError as exc:  # a bad request: retrying sends the same bad request
                return SendOutcome("failed", f"{type(exc).__name__}: {exc}"[:200])
