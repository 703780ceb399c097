"""Repositories on a real SQLite file, migrated by Alembic, under concurrent writers."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import date
from pathlib import Path

from sqlalchemy import text

from storage.db import create_engine, create_session_factory
from storage.migrate import head_revision, upgrade
from storage.progress_repository import ProgressRecordRepository
from storage.repositories import ProgressRepository, UserRepository


async def migrated(database_url: str):
    engine = create_engine(database_url)
    await upgrade(engine)
    return engine, create_session_factory(engine)


async def test_migrations_create_schema_in_wal_mode(tmp_path: Path) -> None:
    db = tmp_path / "nested" / "bot.db"
    engine, _ = await migrated(f"sqlite+aiosqlite:///{db}")
    await upgrade(engine)  # a second start-up applies nothing and fails nothing
    await engine.dispose()
    with sqlite3.connect(db) as plain:
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert plain.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
        tables = {row[0] for row in plain.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"users", "lesson_progress", "recall_cards"} <= tables


async def test_users_and_progress_round_trip(database_url: str) -> None:
    engine, sessions = await migrated(database_url)
    async with sessions() as session, session.begin():
        users = UserRepository(session)
        await users.touch(7, "Ada", "en")
        await users.set_path(7, "fast-track")
        progress = ProgressRepository(session)
        await progress.mark_started(7, "cap-theorem")
        assert await progress.mark_completed(7, "scalability") is True
        assert await progress.mark_completed(7, "scalability") is False  # idempotent
    async with sessions() as session, session.begin():
        user = await UserRepository(session).get(7)
        assert user is not None and user.path_id == "fast-track" and user.first_name == "Ada"
        assert await ProgressRepository(session).completed_ids(7) == {"scalability"}
        await UserRepository(session).touch(7, "Ada L.", "de")
    async with sessions() as session:
        user = await UserRepository(session).get(7)
        assert user is not None and (user.first_name, user.language_code) == ("Ada L.", "de")
    await engine.dispose()


async def test_the_progress_record_reads_the_learner_and_their_lessons_in_one_query(database_url: str) -> None:
    engine, sessions = await migrated(database_url)
    async with sessions() as session, session.begin():
        users = UserRepository(session)
        await users.touch(7, "Ada", "en")
        await users.set_path(7, "fast-track")
        user = await users.get(7)
        assert user is not None
        user.timezone, user.interview_date = "Europe/Berlin", date(2027, 1, 15)
        progress = ProgressRepository(session)
        await progress.mark_started(7, "cap-theorem")
        await progress.mark_completed(7, "scalability")
        await users.touch(8, "Bo", None)
    async with sessions() as session:
        ada = await ProgressRecordRepository(session).record(7, "mock")
        bo = await ProgressRecordRepository(session).record(8, "mock")
        nobody = await ProgressRecordRepository(session).record(9, "mock")
    assert (ada.path_id, ada.timezone, ada.interview_date) == ("fast-track", "Europe/Berlin", date(2027, 1, 15))
    assert ada.completed == {"scalability"}  # started is not finished
    assert (bo.path_id, bo.timezone, bo.interview_date, bo.completed) == (None, None, None, set())
    assert nobody.completed == set() and nobody.active_days == [] and nobody.review_cards == []
    await engine.dispose()


async def test_concurrent_read_then_write_transactions_do_not_fail(database_url: str) -> None:
    """Two engines (like two processes) each run read-then-write transactions at the same time.
    On SQLite a deferred BEGIN would fail some with 'database is locked'; BEGIN IMMEDIATE queues
    them. PostgreSQL runs the same test as a check that nothing there depends on SQLite."""
    engine_a, sessions_a = await migrated(database_url)
    engine_b, sessions_b = create_engine(database_url), None
    sessions_b = create_session_factory(engine_b)
    async with sessions_a() as session, session.begin():
        await UserRepository(session).touch(1, "Ada", None)

    async def finish(sessions, lesson: str) -> None:
        async with sessions() as session, session.begin():
            progress = ProgressRepository(session)
            await progress.completed_ids(1)  # read first ...
            await asyncio.sleep(0.01)  # ... let the other writer in between ...
            await progress.mark_completed(1, lesson)  # ... then write

    lessons = [f"lesson-{n}" for n in range(20)]
    await asyncio.gather(*(finish(sessions_a if n % 2 else sessions_b, lesson) for n, lesson in enumerate(lessons)))
    async with sessions_a() as session:
        assert await ProgressRepository(session).completed_ids(1) == set(lessons)
        if database_url.startswith("sqlite"):  # waits are retried on the loop, not slept in SQLite
            assert (await session.execute(text("PRAGMA busy_timeout"))).scalar() == 0
    await engine_a.dispose()
    await engine_b.dispose()


async def test_migrations_match_the_models(database_url: str) -> None:
    """A model change without its Alembic revision fails here, not in production."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from storage.models import Base

    engine, _ = await migrated(database_url)

    def diff(connection):
        return compare_metadata(MigrationContext.configure(connection), Base.metadata)

    async with engine.connect() as connection:
        differences = await connection.run_sync(diff)
    await engine.dispose()
    assert differences == []


async def test_datetimes_come_back_timezone_aware(database_url: str) -> None:
    from datetime import UTC, datetime

    engine, sessions = await migrated(database_url)
    when = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    async with sessions() as session, session.begin():
        await UserRepository(session).touch(5, "Eve", None, when)
    async with sessions() as session:
        user = await UserRepository(session).get(5)
        assert user is not None and user.created_at == when and user.created_at.tzinfo is not None
    await engine.dispose()


def test_revision_files_are_named_after_their_revision() -> None:
    """The start-up fast path reads the head revision from the file names."""
    import re

    from storage.migrate import MIGRATIONS_DIR, head_revision

    files = sorted((MIGRATIONS_DIR / "versions").glob("[0-9]*_*.py"))
    for path in files:
        revision = re.search(r'^revision = "(\w+)"', path.read_text(), re.MULTILINE)
        assert revision is not None and path.name.startswith(revision.group(1) + "_"), path.name
    assert head_revision() == files[-1].name.split("_")[0]
