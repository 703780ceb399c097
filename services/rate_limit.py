"""One limiter for every outgoing push: an overall rate, a per-chat minimum gap, and a global pause.

Each caller reserves the next free slot under a lock and then sleeps until it, so a chat that
must wait does not hold up the others. Slots alone are not a bound: when the event loop stalls
(a claim batch, a GC pause), every sleeper whose slot passed wakes at once. So a send also waits
until the last `per_second` sends span at least a second: no one-second window ever holds more.
A 429 pauses everyone: Telegram's flood control is per bot, so sending to other chats while one
is told to wait only earns more 429s.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable

PRUNE_EVERY = 1_000  # sends between sweeps of the per-chat table


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
        # The last sends' times (bounded: a huge rate, as in benchmarks, needs no window).
        self._recent: deque[float] = deque(maxlen=max(1, min(math.floor(per_second), 100_000)))
        self._acquired = 0

    async def acquire(self, chat_id: int) -> None:
        async with self._lock:
            now = self.monotonic()
            slot = max(now, self._next_slot, self._paused_until, self._next_for_chat.get(chat_id, 0.0))
            self._next_slot = slot + self.interval
            self._next_for_chat[chat_id] = slot + self.per_chat_interval
        await self.sleep(max(0.0, slot - self.monotonic()))
        while True:
            now = self.monotonic()
            # A pause that began while we slept applies to us too.
            wait = max(self._paused_until - now, self._window_wait(now))
            if wait <= 0:
                break
            await self.sleep(wait)
        self._recent.append(now)  # no await since the check: the window holds
        self._acquired += 1
        if self._acquired % PRUNE_EVERY == 0:
            self._forget_past_chats(now)

    def _window_wait(self, now: float) -> float:
        if len(self._recent) < (self._recent.maxlen or 1):
            return 0.0
        return self._recent[0] + 1.0 - now

    def _forget_past_chats(self, now: float) -> None:
        """A chat whose next slot has passed needs no entry: the dict stays at the chats in flight."""
        self._next_for_chat = {chat: at for chat, at in self._next_for_chat.items() if at > now}

    def pause(self, seconds: float) -> None:
        """Stop all sends for `seconds` (Telegram's retry_after)."""
        until = self.monotonic() + seconds
        self._paused_until = max(self._paused_until, until)
        self._next_slot = max(self._next_slot, until)
