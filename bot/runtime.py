"""Start-up shared by the bot and the terminal chat: load content, open the database, migrate."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from bot.config import ConfigError, Settings
from content import Course, load_course
from content.loader import DEFAULT_CONTENT_DIR
from services.quiz import retire_cards_of_retired_questions
from storage import health
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.models import utcnow

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    course: Course
    engine: AsyncEngine
    session_factory: async_sessionmaker[Any]


async def open_runtime(settings: Settings) -> Runtime:
    course = load_course(settings.content_dir or DEFAULT_CONTENT_DIR)  # raises ContentError listing every problem
    engine = create_engine(settings.database_url)
    session_factory = create_session_factory(engine)
    try:  # migrating and retiring cards both write: a read-only or full database stops here
        await upgrade(engine)
        async with session_factory() as session:
            retired = await retire_cards_of_retired_questions(session, course, utcnow())
    except Exception as exc:
        if not health.refuses_writes(exc):
            raise
        await engine.dispose()
        where = make_url(settings.database_url).database or settings.database_url
        raise ConfigError(
            f"The database {where} refuses writes ({health.first_line(exc)}): make the file and its "
            "folder writable, or free some disk space, then start again."
        ) from exc
    if retired:
        log.info("retired %d review cards of questions the course no longer asks", retired)
    log.info("course loaded: %d chapters, %d lessons", len(course.chapters), course.lesson_count)
    return Runtime(course=course, engine=engine, session_factory=session_factory)
