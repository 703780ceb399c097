"""Per-update context: one database session and the services that use it."""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User
from sqlalchemy.ext.asyncio import async_sessionmaker

from content import Course
from domain.clock import Clock
from services.admin import AdminService
from services.feedback import FeedbackService
from services.learning import LearningService
from services.practice import DrillService, EstimateService
from services.progress import ProgressService
from services.quiz import QuizService
from services.reminders import SettingsService

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class DbSessionMiddleware(BaseMiddleware):
    """One session per update. Services commit per call (see services.unit_of_work), so no
    transaction is held while the handler talks to Telegram; whatever is left is rolled back."""

    def __init__(
        self, session_factory: async_sessionmaker[Any], course: Course, clock: Clock, rng: random.Random
    ) -> None:
        self.session_factory = session_factory
        self.course = course
        self.clock = clock
        self.rng = rng

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        async with self.session_factory() as session:
            learning = LearningService(session, self.course, self.clock)
            user: User | None = data.get("event_from_user")
            if user is not None and not user.is_bot:
                await learning.seen(user.id, user.first_name, user.language_code)
            data["session"] = session
            data["learning"] = learning
            data["quiz"] = QuizService(session, self.course, self.clock, self.rng)
            data["progress_service"] = ProgressService(session, self.course, self.clock)
            data["feedback"] = FeedbackService(session, self.course, self.clock)
            data["reminder_settings"] = SettingsService(session, self.course, self.clock)
            data["drills"] = DrillService(session, self.course, self.clock)
            data["estimates"] = EstimateService(session, self.course, self.clock, self.rng)
            data["admin_service"] = AdminService(session, self.course, self.clock)
            return await handler(event, data)
