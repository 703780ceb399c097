"""Entry point: `python -m bot` runs the bot; `check-content` validates the course; `chat` runs it in a
terminal; `report` writes the course authors' report (CSV files and one HTML page)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from bot import CHAT_BANNER, heap, log_format, log_redaction
from bot.config import ConfigError, Settings
from content.loader import ContentError

if TYPE_CHECKING:  # aiogram takes seconds to import: `check-content` does without it
    from aiogram import Bot, Dispatcher
    from sqlalchemy.ext.asyncio import AsyncEngine


async def wait_for_telegram(bot: Bot, first_delay: float = 1.0, max_delay: float = 60.0) -> None:
    """Ask getMe until Telegram answers: a network outage at start-up is waited out (polling
    would otherwise stop at its first call), while a rejected token stops the bot at once."""
    from aiogram.exceptions import TelegramAPIError, TelegramUnauthorizedError

    delay = first_delay
    while True:
        try:
            await bot.me()
            return
        except TelegramUnauthorizedError as exc:
            raise ConfigError(
                "Telegram rejected BOT_TOKEN (401 Unauthorized): check it with @BotFather, or try the "
                "bot without a token with `make chat`."
            ) from exc
        except TelegramAPIError as exc:
            logging.getLogger(__name__).warning("Telegram is not reachable yet (%s); retrying in %.0f s", exc, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, max_delay)


async def run_bot(settings: Settings) -> None:
    from bot.factory import attach_pushes, create_bot, create_dispatcher, create_push_scheduler
    from bot.runtime import open_runtime

    bot = create_bot(settings)
    try:  # whatever stops start-up (Ctrl-C, a rejected token) closes what it opened
        runtime = await open_runtime(settings)
        try:
            heap.settle()
            await wait_for_telegram(bot)
            dispatcher = create_dispatcher(runtime.course, runtime.session_factory, admin_ids=settings.admin_ids,
                                           webapp_url=settings.webapp_url)
            scheduler = create_push_scheduler(
                settings, runtime.course, runtime.session_factory, presence=dispatcher["presence"]
            )
            attach_pushes(dispatcher, scheduler)
            if settings.bot_mode == "webhook":
                await run_webhook(settings, bot, dispatcher, runtime.engine)
            else:
                await run_polling(settings, bot, dispatcher, runtime.engine)
        finally:
            await runtime.engine.dispose()
    finally:
        await bot.session.close()


async def run_polling(settings: Settings, bot: Bot, dispatcher: Dispatcher, engine: AsyncEngine) -> None:
    from bot.web import health_app, serve

    await bot.delete_webhook(drop_pending_updates=False)  # getUpdates fails while a webhook is set
    port = settings.metrics_port
    runners = [await serve(health_app(engine), settings.webhook_host, port)] if port else []
    if settings.webapp_url:
        from bot.webapp.server import webapp_only

        app = webapp_only(dispatcher["course"], dispatcher["session_factory"], settings.token())
        runners.append(await serve(app, settings.webhook_host, settings.webapp_port))
    try:
        await dispatcher.start_polling(
            bot,
            allowed_updates=dispatcher.resolve_used_update_types(),
            tasks_concurrency_limit=settings.updates_in_flight,
        )
    finally:
        for runner in runners:
            await runner.cleanup()


async def run_webhook(settings: Settings, bot: Bot, dispatcher: Dispatcher, engine: AsyncEngine) -> None:
    """Serve Telegram's webhook until SIGINT or SIGTERM; then finish the updates in flight."""
    from bot.web import serve, webhook_app

    assert settings.webhook_url is not None and settings.webhook_secret is not None  # check_webhook
    secret = settings.webhook_secret.get_secret_value()
    app = webhook_app(dispatcher, bot, engine, settings.webhook_path, secret)
    if settings.webapp_url:  # the Mini App on the same port
        from bot.webapp.server import add_webapp

        add_webapp(app, dispatcher["course"], dispatcher["session_factory"], settings.token())
    runner = await serve(app, settings.webhook_host, settings.webhook_port)  # also runs the start-up hooks
    try:
        await bot.set_webhook(
            settings.webhook_url, secret_token=secret, allowed_updates=dispatcher.resolve_used_update_types(),
            max_connections=settings.webhook_max_connections, drop_pending_updates=False,
        )
        logging.getLogger(__name__).info(
            "webhook mode: serving %s on %s:%s", settings.webhook_path, settings.webhook_host, settings.webhook_port
        )
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signal_number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signal_number, stopping.set)
        await stopping.wait()
    finally:
        await runner.cleanup()  # stops accepting, lets handlers finish, runs the shutdown hooks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="System-design coach bot")
    parser.add_argument("command", nargs="?", default="run", choices=["run", "check-content", "chat", "report"])
    parser.add_argument("--since", type=date.fromisoformat, metavar="YYYY-MM-DD",
                        help="report: only what happened from this day on (UTC)")
    parser.add_argument("--out", type=Path, default=Path("report"), metavar="DIR",
                        help="report: the folder for the CSV files and report.html (default: report)")
    args = parser.parse_args(argv)

    if args.command == "check-content":
        from content.check import check_content

        return check_content()

    settings = Settings()
    if args.command == "run":
        try:
            settings.token()  # fail fast, in one line, before anything else is set up
            settings.check_webhook()
            settings.check_webapp()
        except ConfigError as exc:
            print(exc, file=sys.stderr)
            return 2
    log_format.configure(settings.log_level, settings.log_format)
    if args.command == "run":
        secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
        log_redaction.install(settings.token(), secret)
    if settings.log_level != "DEBUG":
        logging.getLogger("alembic").setLevel(logging.WARNING)  # one line per plugin at every start
    try:
        if args.command == "report":
            from bot.report import ReportError, make_report

            if args.since and args.since > date.today():
                print(f"Note: --since {args.since} is after today, so the report will be empty.", file=sys.stderr)
            try:
                written = asyncio.run(make_report(settings, args.since, args.out))
            except ReportError as exc:
                print(exc, file=sys.stderr)
                return 2
            print(f"Wrote {len(written)} files to {args.out}/, open {args.out / 'report.html'}")
            return 0
        if args.command == "chat":
            print(CHAT_BANNER, flush=True)  # typing can begin: lines wait in stdin until the chat is ready
            with heap.collector_off_during_start_up():
                from bot.chat import run_chat

                if settings.log_level != "DEBUG":  # keep the transcript readable
                    logging.getLogger().setLevel(logging.WARNING)
                return asyncio.run(run_chat(settings, greet=False))
        with heap.collector_off_during_start_up():
            asyncio.run(run_bot(settings))
    except KeyboardInterrupt:  # Ctrl-C, also while start-up still waits for Telegram
        print("Stopped.", file=sys.stderr)
        return 130
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    except ContentError as exc:
        print("The course content is invalid, so the bot did not start:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
