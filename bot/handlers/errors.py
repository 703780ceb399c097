"""One place for errors: stale buttons get a fresh menu, anything else is logged with the update id."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Router
from aiogram.exceptions import TelegramForbiddenError
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot import metrics, views
from bot.views import keyboards
from content import Course
from services.learning import LearningService, UnknownLesson, UnknownPath
from services.practice import StaleButton
from services.presence import Presence
from storage import health

log = logging.getLogger(__name__)

SOMETHING_WENT_WRONG = "Sorry, something went wrong on my side. Your progress is safe; please try again."
STORAGE_REFUSED = (
    "I couldn't save that: my storage is refusing writes right now. What you did before is safe; "
    "reading lessons still works. Please try this again in a few minutes."
)


async def stale_reference(event: ErrorEvent) -> None:
    """A button naming a lesson or chapter the course no longer has (or never had)."""
    callback = event.update.callback_query
    if callback is not None:
        await callback.answer(views.STALE_BUTTON, show_alert=True)
        if callback.message is not None:
            await callback.message.answer(views.help_text(), reply_markup=keyboards.main_menu())


async def blocked(
    event: ErrorEvent, session_factory: async_sessionmaker[Any], course: Course, presence: Presence
) -> None:
    """Telegram said 403 while we answered: the learner blocked the bot. Stop pushing to them
    until they write again (services.presence reactivates them at their next update)."""
    user_id = _user_id(event)
    if user_id is None:
        return
    presence.forget(user_id)  # so that their next update is recorded, and reactivates them
    async with session_factory() as session:  # the update's own session ended with the error
        await LearningService(session, course).mark_unreachable(user_id)
    log.info("user %s blocked the bot; marked unreachable", user_id)


def _user_id(event: ErrorEvent) -> int | None:
    update = event.update
    for part in (update.message, update.callback_query, update.poll_answer):
        sender = getattr(part, "from_user", None) or getattr(part, "user", None)
        if sender is not None:
            return int(sender.id)
    return None


async def unexpected(event: ErrorEvent, presence: Presence) -> None:
    log.exception("update %s failed", event.update.update_id, exc_info=event.exception)
    update = event.update
    user_id = _user_id(event)
    if user_id is not None:
        # Their next update records the visit afresh: if the failure was a learner row missing
        # (erased by /forget on another instance, which this one remembered seeing), the retry
        # the reply asks for re-creates it.
        presence.forget(user_id)
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(SOMETHING_WENT_WRONG[:200], show_alert=True)
        elif update.message is not None:
            await update.message.answer(SOMETHING_WENT_WRONG)
    except Exception:  # the reply itself failed (network, blocked): the log above is enough
        log.warning("could not tell update %s about the failure", update.update_id)


async def storage_refused(event: ErrorEvent, session_factory: async_sessionmaker[Any]) -> None:
    """The database refused a write (read-only file, full disk): one clear sentence, one log line,
    and a fresh connection for the next update, so the bot recovers by itself."""
    log.warning("update %s: the database refuses writes (%s)", event.update.update_id,
                health.first_line(event.exception))
    metrics.DB_ERRORS.labels("refused").inc()
    await health.recover(session_factory.kw["bind"])
    update = event.update
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(STORAGE_REFUSED[:200], show_alert=True)
        elif update.message is not None:
            await update.message.answer(STORAGE_REFUSED)
    except Exception:
        log.warning("could not tell update %s about the failure", update.update_id)


async def is_storage_refusal(event: ErrorEvent) -> bool:
    return health.refuses_writes(event.exception)


def create_router() -> Router:
    router = Router(name=__name__)
    router.errors.register(storage_refused, is_storage_refusal)
    router.errors.register(stale_reference, ExceptionTypeFilter(UnknownLesson, UnknownPath, StaleButton))
    router.errors.register(blocked, ExceptionTypeFilter(TelegramForbiddenError))
    router.errors.register(unexpected)
    return router
