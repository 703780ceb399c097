"""One send rate for the whole bot, however many instances send.

Telegram's ~30 messages/s is per bot, not per process, so instances on one PostgreSQL take their
send slots from a budget row there (storage.send_budget): each reserves a small batch of
consecutive slots in one statement and sends at those times. No two instances get the same slot,
so together they never exceed the rate; an instance that dies with slots left only wastes them
(a brief dip, never a burst). A 429 pauses the budget for everyone. The per-chat gap stays
local: a push goes to a chat once a day, and its replies come from whichever instance serves it.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker

from services.rate_limit import SendLimiter
from storage import send_budget

log = logging.getLogger(__name__)
BUDGET = "telegram"
SLOT_BATCH_SECONDS = 0.4  # reserve about this much sending time at once


class SharedSendLimiter:
    def __init__(
        self,
        session_factory: async_sessionmaker[Any],
        per_second: float,
        per_chat_interval: float = 1.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if per_second <= 0:
            raise ValueError("per_second must be positive")
        self.session_factory = session_factory
        self.interval = 1.0 / per_second
        self.batch = max(1, math.ceil(per_second * SLOT_BATCH_SECONDS))
        self.sleep = sleep
        self.chats = SendLimiter(per_second=1e9, per_chat_interval=per_chat_interval)  # the per-chat gap only
        self._slots: deque[float] = deque()  # monotonic times this instance may send at
        self._lock = asyncio.Lock()
        self._ready = False
        self._pauses: set[asyncio.Task[None]] = set()

    async def acquire(self, chat_id: int) -> None:
        await self.chats.acquire(chat_id)
        async with self._lock:
            now = time.monotonic()
            while self._slots and self._slots[0] < now - self.interval:
                self._slots.popleft()  # slots that passed unused (a pause, a slow claim) are gone
            if not self._slots:
                await self._reserve()
            slot = self._slots.popleft()
        await self.sleep(max(0.0, slot - time.monotonic()))

    async def _reserve(self) -> None:
        async with self.session_factory() as session, session.begin():
            if not self._ready:
                await send_budget.ensure(session, BUDGET)
                self._ready = True
            first = await send_budget.reserve(session, BUDGET, self.batch, self.interval)
        start = time.monotonic() + first
        self._slots.extend(start + i * self.interval for i in range(self.batch))

    def pause(self, seconds: float) -> None:
        """Telegram's retry_after: no instance sends until it has passed."""
        self._slots.clear()
        self.chats.pause(seconds)
        task = asyncio.ensure_future(self._pause(seconds))
        self._pauses.add(task)
        task.add_done_callback(self._pauses.discard)

    async def _pause(self, seconds: float) -> None:
        try:
            async with self.session_factory() as session, session.begin():
                await send_budget.pause(session, BUDGET, seconds)
        except Exception as exc:  # the local pause holds regardless
            log.warning("could not share a %s s pause: %s", seconds, exc)
