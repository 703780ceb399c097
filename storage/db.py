"""Engine and session factory.

SQLite is the embedded default. It runs in WAL mode (readers never block the writer), its
statements run on the event loop's thread (storage.sqlite_inline), and every transaction starts
with BEGIN IMMEDIATE: a deferred BEGIN that reads and then writes fails at once with "database is
locked" when another writer got in between, whereas IMMEDIATE takes the write lock up front and
waits for it (retried without blocking the loop, for up to 15 s). A transaction that only reads
(services.unit_of_work) asks for a plain BEGIN instead and takes no lock.
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from storage import sqlite_inline

# Execution option a read-only unit of work sets on its connection: a deferred BEGIN on SQLite.
READ_ONLY_OPTION = "sd_read_only"


def _ensure_sqlite_dir(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)


def _tune_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event, not the driver, decide how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # 0: SQLite's busy handler would sleep on the event loop's thread; a busy statement is
        # retried asynchronously instead, for as long (storage.sqlite_inline).
        cursor.execute("PRAGMA busy_timeout=0")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        read_only = connection.get_execution_options().get(READ_ONLY_OPTION, False)
        # Straight to the driver's cursor: SQLAlchemy's statement path (exec_driver_sql) cost more
        # than the BEGIN itself, on every transaction.
        connection.connection.dbapi_connection.cursor().execute("BEGIN" if read_only else "BEGIN IMMEDIATE")


# SQLite has one writer at a time. Within one process, writers queue on this asyncio lock (fair,
# first come first served) instead of racing in SQLite's busy handler, which can starve one of
# many concurrent writers past the deadline. Other processes' writers meet the retried wait.
_write_gates: weakref.WeakKeyDictionary[Any, asyncio.Lock] = weakref.WeakKeyDictionary()


@contextlib.asynccontextmanager
async def write_gate(session: AsyncSession) -> AsyncIterator[None]:
    """Hold for the whole of one transaction on SQLite; a no-op on other databases."""
    bind = session.bind
    sync_engine = getattr(bind, "sync_engine", bind)
    if sync_engine is None or sync_engine.dialect.name != "sqlite":
        yield
        return
    gate = _write_gates.setdefault(sync_engine, asyncio.Lock())
    async with gate:
        yield


def create_engine(database_url: str) -> AsyncEngine:
    is_sqlite = make_url(database_url).get_backend_name() == "sqlite"
    if is_sqlite:
        _ensure_sqlite_dir(database_url)
    # SQLite: no reset (ROLLBACK) when a connection goes back to the pool. Every unit of work
    # ends with its own COMMIT or ROLLBACK (services.unit_of_work) and the session rolls back
    # whatever it closes unfinished, so the reset only cost a round trip to the driver's thread
    # on every update.
    options: dict[str, Any] = {"pool_pre_ping": True}
    if is_sqlite:  # statements run on the loop's thread: see storage.sqlite_inline
        options = {"pool_reset_on_return": None, "connect_args": {"async_creator_fn": sqlite_inline.connect}}
    engine = create_async_engine(database_url, **options)
    if is_sqlite:
        _tune_sqlite(engine)
    return engine


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[Any]:
    return async_sessionmaker(engine, expire_on_commit=False)
