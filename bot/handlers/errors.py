"""One place for errors: stale buttons get a fresh menu, anything else is logged with the update id."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent

from bot import keyboards, views
from services.learning import UnknownLesson, UnknownPath
from services.practice import StaleButton

log = logging.getLogger(__name__)

SOMETHING_WENT_WRONG = "Sorry, something went wrong on my side. Your progress is safe; please try again."


async def stale_reference(event: ErrorEvent) -> None:
    """A button naming a lesson or chapter the course no longer has (or never had)."""
    callback = event.update.callback_query
    if callback is not None:
        await callback.answer(views.STALE_BUTTON, show_alert=True)
        if callback.message is not None:
            await callback.message.answer(views.help_text(), reply_markup=keyboards.main_menu())  # type: ignore[union-attr]


async def unexpected(event: ErrorEvent) -> None:
    log.exception("update %s failed", event.update.update_id, exc_info=event.exception)
    update = event.update
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(SOMETHING_WENT_WRONG[:200], show_alert=True)
        elif update.message is not None:
            await update.message.answer(SOMETHING_WENT_WRONG)
    except Exception:  # the reply itself failed (network, blocked): the log above is enough
        log.warning("could not tell update %s about the failure", update.update_id)


def create_router() -> Router:
    router = Router(name=__name__)
    router.errors.register(stale_reference, ExceptionTypeFilter(UnknownLesson, UnknownPath, StaleButton))
    router.errors.register(unexpected)
    return router
