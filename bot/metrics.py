"""Prometheus metrics (prometheus-client): what an operator watches on /metrics.

Updates by type and outcome with the time to handle them, every Bot API call by method and
status (429s, 403s, 5xx), the daily pushes by outcome with the backlog and the tick's duration,
and database errors. One registry per process: with several instances, Prometheus sums them.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import TelegramMethod
from aiogram.types import TelegramObject, Update
from prometheus_client import Counter, Gauge, Histogram

UPDATES = Counter("coach_updates", "Updates handled, by type and outcome (ok | error)", ["type", "outcome"])
UPDATE_SECONDS = Histogram("coach_update_seconds", "Time to handle one update", ["type"],
                           buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
API_CALLS = Counter("coach_telegram_calls", "Bot API calls by method and answer (ok, 429, 403, 5xx...)",
                    ["method", "status"])
PUSHES = Counter("coach_pushes", "Daily pushes by outcome (sent | blocked | failed)", ["outcome"])
PUSH_DUE = Gauge("coach_push_due", "Learners due at the start of the last push tick")
TICK_SECONDS = Histogram("coach_push_tick_seconds", "Duration of one push tick, sends included",
                         buckets=(0.1, 0.5, 1, 5, 15, 30, 60, 120, 300))
DB_ERRORS = Counter("coach_database_errors", "Database errors by kind (refused: disk full or read-only)",
                    ["kind"])


class UpdateMetrics(BaseMiddleware):
    async def __call__(
        self, handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]], event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        kind = event.event_type if isinstance(event, Update) else type(event).__name__
        started = time.perf_counter()
        try:
            result = await handler(event, data)
        except Exception:
            UPDATES.labels(kind, "error").inc()
            raise
        finally:
            UPDATE_SECONDS.labels(kind).observe(time.perf_counter() - started)
        UPDATES.labels(kind, "ok").inc()
        return result


def _status(exc: TelegramAPIError) -> str:
    for kind, status in ((TelegramRetryAfter, "429"), (TelegramForbiddenError, "403"), (TelegramServerError, "5xx"),
                         (TelegramNetworkError, "network"), (TelegramBadRequest, "400")):
        if isinstance(exc, kind):
            return status
    return "error"


class ApiCallMetrics(BaseRequestMiddleware):
    async def __call__(
        self, make_request: NextRequestMiddlewareType[Any], bot: Bot, method: TelegramMethod[Any]
    ) -> Any:
        name = method.__api_method__
        try:
            result = await make_request(bot, method)
        except TelegramAPIError as exc:
            API_CALLS.labels(name, _status(exc)).inc()
            raise
        API_CALLS.labels(name, "ok").inc()
        return result
