"""Factories: config -> bot -> dispatcher. Tests and the terminal chat build the same objects."""

from __future__ import annotations

import logging
import random
from datetime import timedelta
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand, MenuButtonDefault, MenuButtonWebApp, WebAppInfo
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.api_session import JsonSession
from bot.config import Settings
from bot.delivery.push_sender import PushSender
from bot.delivery.retry import RetryMiddleware
from bot.delivery.scheduler import PushScheduler
from bot.delivery.timers import PollExpiry
from bot.handlers import build_root_router
from bot.metrics import ApiCallMetrics, UpdateMetrics
from bot.middlewares import CommitBeforeSending, DbSessionMiddleware
from bot.views import COMMANDS
from content import Course
from domain.clock import Clock, SystemClock
from services.concepts import ConceptCatalog
from services.presence import Presence
from services.pushes import PushService
from services.rate_limit import SendLimiter
from services.shared_rate import SharedSendLimiter

log = logging.getLogger(__name__)


def create_bot(settings: Settings, retry: RetryMiddleware | None = None) -> Bot:
    """The bot; `retry` (default: on) waits out 429s and retries 5xx for interactive replies."""
    session = (
        JsonSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
        if settings.telegram_api_url
        else JsonSession()
    )
    session.middleware(CommitBeforeSending())  # no transaction waits on a retry either
    session.middleware(retry or RetryMiddleware())
    session.middleware(ApiCallMetrics())  # innermost: every attempt, retries included
    return Bot(
        token=settings.token(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


async def register_commands(bot: Bot) -> None:
    """Publish the command menu. Telegram being unreachable at start-up must not stop the bot:
    polling retries with its own backoff, and the menu is published again at the next start."""
    try:
        await bot.set_my_commands([BotCommand(command=name, description=text) for name, text in COMMANDS])
    except TelegramAPIError as exc:
        log.warning("could not publish the command menu: %s", exc)


async def register_menu_button(bot: Bot, webapp_url: str | None) -> None:
    """With a Mini App, the chat's menu button opens it; without, Telegram's default (the commands)."""
    menu: MenuButtonWebApp | MenuButtonDefault = (
        MenuButtonWebApp(text="Course map", web_app=WebAppInfo(url=webapp_url)) if webapp_url else MenuButtonDefault()
    )
    try:
        await bot.set_chat_menu_button(menu_button=menu)
    except TelegramAPIError as exc:
        log.warning("could not set the menu button: %s", exc)


def create_dispatcher(
    course: Course,
    session_factory: async_sessionmaker[Any],
    clock: Clock | None = None,
    rng: random.Random | None = None,
    admin_ids: tuple[int, ...] = (),
    presence: Presence | None = None,
    webapp_url: str | None = None,
) -> Dispatcher:
    clock = clock or SystemClock()
    rng = rng or random.Random()
    presence = Presence() if presence is None else presence
    # No FSM: the bot keeps every bit of conversation state in its database, and aiogram's
    # in-memory FSM storage would only keep a record per learner that nothing reads.
    dispatcher = Dispatcher(
        course=course, session_factory=session_factory, clock=clock, admin_ids=admin_ids, presence=presence,
        concepts=ConceptCatalog(course), webapp_url=webapp_url, disable_fsm=True,
    )
    dispatcher.update.outer_middleware(UpdateMetrics())
    dispatcher.update.outer_middleware(DbSessionMiddleware(session_factory, course, clock, rng, presence))
    expiry = PollExpiry(course, session_factory, clock, rng)
    dispatcher["poll_expiry"] = expiry
    dispatcher.startup.register(expiry.start)
    dispatcher.shutdown.register(expiry.stop)
    dispatcher.include_router(build_root_router())
    dispatcher.startup.register(register_commands)
    dispatcher.startup.register(register_menu_button)
    return dispatcher


def attach_pushes(dispatcher: Dispatcher, scheduler: PushScheduler) -> None:
    """Start the minute tick with polling and stop it on shutdown."""
    dispatcher.startup.register(scheduler.start)
    dispatcher.shutdown.register(scheduler.stop)


def create_push_bot(settings: Settings) -> Bot:
    """Pushes get a bot of their own that retries nothing: their sender must see every 429 to
    pause all sends, and it keeps its own retry accounts."""
    return create_bot(settings, retry=RetryMiddleware(max_wait=0, server_retries=0))


def create_push_scheduler(
    settings: Settings, course: Course, session_factory: async_sessionmaker[Any], clock: Clock | None = None,
    presence: Presence | None = None,
) -> PushScheduler:
    """`presence`: the dispatcher's, so a learner pushed to resets their ignored count at the next tap.
    On PostgreSQL, several instances share one send budget (the rate is Telegram's limit per bot)."""
    push_bot = create_push_bot(settings)
    limiter: SendLimiter | SharedSendLimiter
    if session_factory.kw["bind"].dialect.name == "postgresql":
        limiter = SharedSendLimiter(session_factory, settings.push_rate, settings.push_chat_interval)
    else:
        limiter = SendLimiter(per_second=settings.push_rate, per_chat_interval=settings.push_chat_interval)
    claim_timeout = timedelta(seconds=settings.push_claim_timeout)
    pushes = PushService(session_factory, course, clock, presence, claim_timeout=claim_timeout)
    sender = PushSender(push_bot, limiter, paid_broadcast=settings.push_paid_broadcast)
    return PushScheduler(pushes, sender, course, tick_seconds=settings.push_tick_seconds)
