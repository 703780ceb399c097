"""A push tick at 1M learners: how long selecting and claiming one minute's due learners takes,
sends excluded. The database is an SQLite file seeded directly (a million ORM objects would take
minutes); learners' push times are spread over the day, so about 700 fall due in the minute.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.delivery.scheduler import BATCH
from content import Course
from domain.clock import FrozenClock
from services.pushes import PushService
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade

SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores a DateTime in SQLite


def seed(path: Path, users: int, now: datetime, due_every: int = 1440, first_id: int = 1) -> int:
    """Insert `users` learners on a migrated database; every `due_every`-th is due in the minute
    before `now`, the others later in the day. Returns how many are due."""
    connection = sqlite3.connect(path)
    stamp = now.strftime(SQLITE_TIME)

    def rows() -> Iterator[tuple[object, ...]]:
        for uid in range(first_id, first_id + users):
            minute = uid % due_every
            due = now - timedelta(seconds=30) + timedelta(minutes=minute)
            yield (uid, "B", "fast-track", 540, 1, 1, "", 0, 1, due.strftime(SQLITE_TIME), stamp, stamp)

    with connection:
        connection.executemany(
            "INSERT INTO users (id, first_name, path_id, remind_minute, reminders_on, pace, quiet_days, "
            "ignored_pushes, is_active, next_push_at, created_at, last_seen_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows(),
        )
    connection.execute("ANALYZE")
    connection.close()
    return sum(1 for uid in range(first_id, first_id + users) if uid % due_every == 0)


async def tick_at_scale(course: Course, users: int = 1_000_000) -> tuple[float, int, int]:
    """(seconds to select and claim, learners due, learners claimed)."""
    now = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "million.db"
        engine = create_engine(f"sqlite+aiosqlite:///{path}")
        await upgrade(engine)
        await engine.dispose()
        expected = seed(path, users, now)
        engine = create_engine(f"sqlite+aiosqlite:///{path}")
        pushes = PushService(create_session_factory(engine), course, FrozenClock(now))
        await pushes.due_user_ids(1)  # open the connection, as a running bot has
        started = time.perf_counter()
        await pushes.housekeeping()
        due = await pushes.due_user_ids()
        claimed = 0
        for start in range(0, len(due), BATCH):
            claimed += len(await pushes.claim(due[start : start + BATCH]))
        elapsed = time.perf_counter() - started
        await engine.dispose()
    assert len(due) == expected, (len(due), expected)
    return elapsed, len(due), claimed
