from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from content.loader import DEFAULT_CONTENT_DIR
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from tests.support.emulator import BotApiEmulator
from tests.support.postgres import empty_postgres
from tests.support.running import TEST_TOKEN

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")  # set by .ci/run, which starts a real server


@pytest.fixture(scope="session", autouse=True)
def course_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Compiled courses (content.cache) of this run stay in its temporary folder, not in the
    developer's cache; the bots the tests start inherit the setting."""
    os.environ["COURSE_CACHE_DIR"] = str(tmp_path_factory.mktemp("course-cache"))


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database per test: an SQLite file, and the same test again on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    if not POSTGRES_URL:
        pytest.skip("TEST_POSTGRES_URL is not set (.ci/run starts PostgreSQL and sets it)")
    await empty_postgres(POSTGRES_URL)
    return POSTGRES_URL


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    server = BotApiEmulator(TEST_TOKEN)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def sessions(database_url: str):
    """A migrated SQLite file and its session factory."""
    engine = create_engine(database_url)
    await upgrade(engine)
    yield create_session_factory(engine)
    await engine.dispose()


@pytest.fixture
def shipped_content() -> Path:
    return DEFAULT_CONTENT_DIR
