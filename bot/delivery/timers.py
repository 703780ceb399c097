"""Timed quiz questions (mock rounds): a sweep every few seconds counts unanswered ones as missed
and moves the round on. The expiry time is stored with each poll, so a restart loses nothing."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from typing import Any

from aiogram import Bot
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.quiz_flow import send_question, send_summary
from content import Course
from domain.clock import Clock
from services.learning import LearningService
from services.quiz import QuizService
from storage import health

log = logging.getLogger(__name__)
SWEEP_SECONDS = 5.0


class PollExpiry:
    def __init__(
        self, course: Course, session_factory: async_sessionmaker[Any], clock: Clock, rng: random.Random,
        interval: float = SWEEP_SECONDS,
    ) -> None:
        self.course = course
        self.session_factory = session_factory
        self.clock = clock
        self.rng = rng
        self.interval = interval
        self.bot: Bot | None = None
        self._task: asyncio.Task[None] | None = None
        self._refusals = health.QuietRefusals("mock-round expiry sweep")

    async def sweep(self) -> int:
        """Expire overdue questions now; returns how many were counted as missed."""
        if self.bot is None:
            return 0
        async with self.session_factory() as session:
            quiz = QuizService(session, self.course, self.clock, self.rng)
            learning = LearningService(session, self.course, self.clock)
            outcomes = await quiz.expire_overdue() if await quiz.any_overdue() else []
            for outcome in outcomes:
                if outcome.next_poll is not None:
                    await send_question(self.bot, outcome.chat_id, outcome.chat_id, quiz, outcome.next_poll)
                elif outcome.summary is not None:
                    await send_summary(self.bot, outcome.chat_id, outcome.summary, learning, self.course)
        return len(outcomes)

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.sweep()
            except Exception as exc:  # keep sweeping; one failure must not stop every mock round
                if not health.refuses_writes(exc):
                    log.exception("poll expiry sweep failed")
                    continue
                self._refusals.report(exc)
                await health.recover(self.session_factory.kw["bind"])

    async def start(self, bot: Bot) -> None:
        self.bot = bot
        self._task = asyncio.create_task(self._loop())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
