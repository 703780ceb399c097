"""/privacy, /export and /forget: what is stored about a learner, a copy of it, or none of it kept."""

from __future__ import annotations

import logging
from datetime import timedelta

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.callbacks import ForgetCb
from bot.handlers.common import show
from bot.views import your_data as views
from domain.clock import Clock
from services.data_rights import DataRightsService
from services.presence import Presence

log = logging.getLogger(__name__)

# A confirmation tapped long after it was asked is more likely a stray tap than a decision.
CONFIRMATION_LIFETIME = timedelta(minutes=15)


async def privacy(message: Message) -> None:
    await message.answer(views.PRIVACY)


async def export(message: Message, data_rights: DataRightsService, clock: Clock) -> None:
    copy = await data_rights.export(message.chat.id)
    if copy.document["learner"] is None:
        await message.answer(views.NOTHING_STORED)
        return
    stem = f"sd-coach-{clock.now().date().isoformat()}"
    try:
        await message.answer_document(
            BufferedInputFile(copy.json_bytes(), filename=f"{stem}.json"), caption=views.EXPORT_CAPTION
        )
        if copy.answers:
            await message.answer_document(
                BufferedInputFile(copy.answers_csv(), filename=f"{stem}-answers.csv"), caption=views.ANSWERS_CAPTION
            )
    except TelegramAPIError as exc:
        log.warning("could not send the export to user %s: %s", message.chat.id, exc)
        await message.answer(views.EXPORT_FAILED)


async def forget(message: Message) -> None:
    await message.answer(views.FORGET_ASK, reply_markup=views.forget_confirm())


async def forget_answer(
    callback: CallbackQuery, callback_data: ForgetCb, data_rights: DataRightsService, presence: Presence, clock: Clock
) -> None:
    user_id = callback.from_user.id
    # An inaccessible (too old) message has date 0: expired as well.
    asked_at = callback.message.date if isinstance(callback.message, Message) else None
    if callback_data.confirm != 1:  # "Keep my data", or a hand-made value: nothing is deleted
        await callback.answer()
        await show(callback, views.KEPT)
        return
    if asked_at is None or clock.now() - asked_at > CONFIRMATION_LIFETIME:
        await callback.answer()
        await show(callback, views.FORGET_EXPIRED)
        return
    # Once committed, this process must record the learner afresh at their next update.
    await data_rights.forget(user_id, once_erased=lambda: presence.forget(user_id))
    log.info("erased every row of a learner at their request")  # no id: the point is to forget them
    await callback.answer()
    await show(callback, views.FORGOTTEN)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(privacy, Command("privacy"))
    router.message.register(export, Command("export"))
    router.message.register(forget, Command("forget"))
    router.callback_query.register(forget_answer, ForgetCb.filter())
    return router
