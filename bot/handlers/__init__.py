"""Feature routers, built fresh per dispatcher (a router can belong to one parent only), in a deliberate order."""

from __future__ import annotations

from aiogram import Router

from bot.handlers import chapters, errors, fallback, help, lessons, paths, progress, start


def build_root_router() -> Router:
    root = Router(name="root")
    root.include_routers(
        errors.create_router(),
        start.create_router(),
        paths.create_router(),
        lessons.create_router(),
        chapters.create_router(),
        progress.create_router(),
        help.create_router(),
        fallback.create_router(),  # catch-alls last: they answer whatever no feature claimed
    )
    return root
