from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from content.loader import DEFAULT_CONTENT_DIR
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from tests.support.emulator import BotApiEmulator
from tests.support.running import TEST_TOKEN


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """A fresh SQLite file per test."""
    return f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"


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
