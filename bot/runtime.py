"""Start-up shared by the bot and the terminal chat: load content, open the database, migrate."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from bot.config import Settings
from content import Course, load_course
from content.loader import DEFAULT_CONTENT_DIR
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    course: Course
    engine: AsyncEngine
    session_factory: async_sessionmaker[Any]


async def open_runtime(settings: Settings) -> Runtime:
    course = load_course(settings.content_dir or DEFAULT_CONTENT_DIR)  # raises ContentError listing every problem
    engine = create_engine(settings.database_url)
    await upgrade(engine)
    log.info("course loaded: %d chapters, %d lessons", len(course.chapters), course.lesson_count)
    return Runtime(course=course, engine=engine, session_factory=create_session_factory(engine))
