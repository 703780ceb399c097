"""One limiter for every outgoing push: an overall rate, a per-chat minimum gap, and a global pause.

Each caller reserves the next free slot under a lock and then sleeps until it, so a chat that
must wait does not hold up the others. A 429 pauses everyone: Telegram's flood control is per
bot, so sending to other chats while one is told to wait only earns more 429s.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable


class SendLimiter:
    def __init__(
        self,
        per_second: float = 25.0,
        per_chat_interval: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if per_second <= 0:
            raise ValueError("per_second must be positive")
        self.interval = 1.0 / per_second
        self.per_chat_interval = per_chat_interval
        self.monotonic = monotonic
        self.sleep = sleep
        self._next_slot = 0.0
        self._next_for_chat: dict[int, float] = {}
        self._paused_until = 0.0
        self._lock = asyncio.Lock()

    async def acquire(self, chat_id: int) -> None:
        async with self._lock:
            now = self.monotonic()
            slot = max(now, self._next_slot, self._paused_until, self._next_for_chat.get(chat_id, 0.0))
            self._next_slot = slot + self.interval
            self._next_for_chat[chat_id] = slot + self.per_chat_interval
        await self.sleep(max(0.0, slot - self.monotonic()))
        # A pause that began while we slept applies to us too.
        while (wait := self._paused_until - self.monotonic()) > 0:
            await self.sleep(wait)

    def pause(self, seconds: float) -> None:
        """Stop all sends for `seconds` (Telegram's retry_after)."""
        until = self.monotonic() + seconds
        self._paused_until = max(self._paused_until, until)
        self._next_slot = max(self._next_slot, until)
