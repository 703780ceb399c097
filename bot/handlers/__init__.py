"""Feature routers, built fresh per dispatcher (a router can belong to one parent only), in a deliberate order."""

from __future__ import annotations

from aiogram import Router

from bot.handlers import (
    admin,
    chapters,
    deep_links,
    errors,
    fallback,
    feedback,
    groups,
    help,
    inline,
    lessons,
    paths,
    practice,
    progress,
    quiz,
    settings,
    start,
    your_data,
)


def build_root_router() -> Router:
    root = Router(name="root")
    # An update visits routers in this order until one handles it, and each visit costs (aiogram
    # wraps the router's middlewares and copies the context every time): the busiest features
    # (lesson pages, quiz answers, /progress) come first, errors (which see only failures) last.
    root.include_routers(
        groups.create_router(),  # before every feature: in groups, commands get a note and nothing else
        lessons.create_router(),
        quiz.create_router(),
        progress.create_router(),
        deep_links.create_router(),  # /start with a payload, before the plain welcome
        start.create_router(),
        paths.create_router(),
        chapters.create_router(),
        settings.create_router(),
        admin.create_router(),
        your_data.create_router(),
        help.create_router(),
        inline.create_router(),
        feedback.create_router(),  # after every command: it claims only plain text while a comment is awaited
        practice.create_router(),  # then estimate answers and drill notes, then the fallback
        fallback.create_router(),  # catch-alls last: they answer whatever no feature claimed
        errors.create_router(),
    )
    return root
