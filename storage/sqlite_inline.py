"""SQLite without the thread hop: aiosqlite's connection, with each statement run right away on
the event loop's thread instead of being queued to its worker thread.

Why: aiosqlite runs every call on a thread of its own and wakes the event loop for each result.
Under load that wake-up waits behind every other ready task, so a write transaction of a few
statements held SQLite's one write lock (and the process's write gate, storage.db) for ~7 ms on
average at 64 updates in flight; every other writer queued behind it. Run inline, a statement
costs what SQLite costs (microseconds with WAL and synchronous=NORMAL), and a transaction no longer
yields to the loop between its statements. Measured with bench.compare's workloads, 200 learners:
/today, quiz answers and /progress about twice as many per second.

The price: a statement blocks the event loop while it runs. That is fine for this bot's short
indexed statements; a long one (the push tick at a million learners, ~0.1 s) pauses replies for
that long. Waiting for another connection's write lock must not freeze the loop (the holder may
be a coroutine on this very loop, or another process), so SQLite's own busy handler is off on
these connections (busy_timeout 0, storage.db) and a "database is locked" answer is retried here
after an asyncio sleep, with backoff, until the same deadline. Connecting and closing still go
through aiosqlite's thread.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from typing import Any

import aiosqlite

BUSY_DEADLINE_SECONDS = 15.0  # how long a statement waits for another writer before it fails
FIRST_PAUSE, LONGEST_PAUSE = 0.001, 0.05


def is_busy(exc: sqlite3.OperationalError) -> bool:
    message = str(exc)
    return "database is locked" in message or "database table is locked" in message


class InlineConnection(aiosqlite.Connection):
    async def _execute(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        deadline, pause = 0.0, FIRST_PAUSE
        while True:
            try:
                return fn(*args, **kwargs)
            except sqlite3.OperationalError as exc:
                # A statement refused as busy changed nothing, so running it again is what
                # SQLite's own busy handler would do; only here the loop runs meanwhile.
                if not is_busy(exc):
                    raise
                now = time.monotonic()
                deadline = deadline or now + BUSY_DEADLINE_SECONDS
                if now >= deadline:
                    raise
                await asyncio.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE)


def connect(database: Any, *, iter_chunk_size: int = 64, **kwargs: Any) -> InlineConnection:
    """SQLAlchemy's aiosqlite dialect calls this (connect_args async_creator_fn) with the
    arguments it would give aiosqlite.connect."""

    def connector() -> sqlite3.Connection:
        return sqlite3.connect(str(database), **kwargs)

    connection = InlineConnection(connector, iter_chunk_size)
    connection._thread.daemon = True  # as SQLAlchemy does for aiosqlite's own connections
    return connection
