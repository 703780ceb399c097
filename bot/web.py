"""The bot's HTTP side: Telegram's webhook (webhook mode), /healthz and /metrics.

Webhook updates are handled before the answer (aiogram's handler with handle_in_background off):
Telegram only forgets an update once it got a 2xx, so a crash mid-update means a redelivery, not
a loss. Requests without Telegram's secret header (or with a wrong one) get 401 and change nothing;
aiogram compares it in constant time.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger(__name__)
HEALTH_TIMEOUT = 2.0


def health_app(engine: AsyncEngine) -> web.Application:
    """/healthz (200 when the database answers, 503 otherwise) and /metrics."""

    async def healthz(request: web.Request) -> web.Response:
        try:
            async with asyncio.timeout(HEALTH_TIMEOUT), engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception as exc:  # any failure to answer is "not ready"
            log.warning("health check: the database does not answer (%s)", str(exc).splitlines()[0][:200])
            return web.Response(status=503, text="database unavailable\n")
        return web.Response(text="ok\n")

    async def metrics(request: web.Request) -> web.Response:
        body = generate_latest()
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics)
    return app


def webhook_app(dispatcher: Dispatcher, bot: Bot, engine: AsyncEngine, path: str, secret: str,
                **data: Any) -> web.Application:
    app = health_app(engine)
    SimpleRequestHandler(dispatcher, bot, handle_in_background=False, secret_token=secret, **data).register(
        app, path=path
    )
    setup_application(app, dispatcher, bot=bot, **data)  # the dispatcher's start-up and shutdown hooks
    return app


async def serve(app: web.Application, host: str, port: int) -> web.AppRunner:
    """Start serving `app`; the runner's cleanup() stops it, finishing requests in flight."""
    runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=30)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner
