"""Per-update context: one database session, one unit of work, and the services that use it."""

from __future__ import annotations

import logging
import random
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.enums import ChatType
from aiogram.methods import TelegramMethod
from aiogram.types import Chat, TelegramObject, Update, User
from sqlalchemy.ext.asyncio import async_sessionmaker

from content import Course
from domain.clock import Clock
from services.admin import AdminService
from services.course_report import CourseReportService
from services.data_rights import DataRightsService
from services.feedback import FeedbackService
from services.learning import LearningService
from services.practice import DrillService, EstimateService
from services.presence import Presence, Visitor, record_visit
from services.progress import ProgressService
from services.quiz import QuizService
from services.reminders import SettingsService
from services.unit_of_work import UnitOfWork, current_unit
from storage import health

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
log = logging.getLogger(__name__)


class CommitBeforeSending(BaseRequestMiddleware):
    """A transaction is never open while the bot waits for Telegram: the update's unit of work
    commits before each API call (nothing to do outside an update, e.g. for pushes)."""

    async def __call__(
        self, make_request: NextRequestMiddlewareType[Any], bot: Bot, method: TelegramMethod[Any]
    ) -> Any:
        unit = current_unit.get()
        if unit is not None:
            await unit.commit()
        return await make_request(bot, method)


class DbSessionMiddleware(BaseMiddleware):
    """One session and one unit of work per update (see services.unit_of_work)."""

    def __init__(
        self, session_factory: async_sessionmaker[Any], course: Course, clock: Clock, rng: random.Random,
        presence: Presence | None = None,
    ) -> None:
        self.session_factory = session_factory
        self.course = course
        self.clock = clock
        self.rng = rng
        self.presence = Presence() if presence is None else presence

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        chat: Chat | None = data.get("event_chat")
        private = chat is None or chat.type == ChatType.PRIVATE  # poll answers carry no chat
        # Group chatter records nothing, and neither does an inline search from someone else's
        # chat: they have not started the bot, so nothing is stored about them.
        searching = isinstance(event, Update) and event.inline_query is not None
        person = user is not None and not user.is_bot and private and not searching
        visitor = Visitor(user.id, user.first_name, user.language_code) if person and user else None
        async with self.session_factory() as session:
            unit = UnitOfWork(session, per_call=False)
            pending = visitor is not None and self.presence.is_due(visitor, self.clock.now())
            if pending and visitor is not None:
                unit.on_write_begin = self._folded(visitor)
            self._services(data, session)
            token = current_unit.set(unit)
            try:
                result = await handler(event, data)
                await unit.commit()
            except BaseException:
                await unit.rollback()
                raise
            finally:
                current_unit.reset(token)
            # Only when the update wrote nothing: a committed write already recorded the visit (and
            # /forget must not bring back the row it has just erased).
            still_armed = unit.on_write_begin is not None
            if pending and visitor is not None and still_armed and self.presence.is_due(visitor, self.clock.now()):
                await self._record_after_reply(unit, visitor)
            return result

    def _folded(self, visitor: Visitor) -> Callable[[UnitOfWork], Awaitable[None]]:
        async def fold(unit: UnitOfWork) -> None:
            now = self.clock.now()
            await record_visit(unit.session, visitor, now)

            def recorded() -> None:  # only once it is committed: a rollback leaves the fold armed
                unit.on_write_begin = None
                self.presence.remember(visitor, now)

            unit.after_commit(recorded)

        return fold

    async def _record_after_reply(self, unit: UnitOfWork, visitor: Visitor) -> None:
        """The update only read: write the bookkeeping now, after the reply went out. A database
        refusing writes must not turn a read-only answer into an error."""
        unit.on_write_begin = None
        now = self.clock.now()
        try:
            await unit.begin(write=True)
            await record_visit(unit.session, visitor, now)
            await unit.commit()
        except Exception as exc:
            await unit.rollback()
            log.warning("could not record the visit of user %s: %s", visitor.user_id, health.first_line(exc))
            if health.refuses_writes(exc):
                await health.recover(self.session_factory.kw["bind"])
            return
        self.presence.remember(visitor, now)

    def _services(self, data: dict[str, Any], session: Any) -> None:
        course, clock = self.course, self.clock
        data["session"] = session
        data["learning"] = LearningService(session, course, clock)
        data["quiz"] = QuizService(session, course, clock, self.rng)
        data["progress_service"] = ProgressService(session, course, clock)
        data["feedback"] = FeedbackService(session, course, clock)
        data["reminder_settings"] = SettingsService(session, course, clock)
        data["drills"] = DrillService(session, course, clock)
        data["estimates"] = EstimateService(session, course, clock, self.rng)
        data["admin_service"] = AdminService(session, course, clock)
        data["data_rights"] = DataRightsService(session, course, clock)
        data["course_report"] = CourseReportService(session, course, clock)
