"""Counting what an update costs the database: statements and transactions, on any dialect.

A transaction's BEGIN counts as one statement (SQLite sends it as SQL, asyncpg does not), so the
figures mean the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import READ_ONLY_OPTION


@dataclass
class SqlCount:
    statements: int = 0
    transactions: int = 0
    write_transactions: int = 0  # SQLite: BEGIN IMMEDIATE, the ones that take the write lock
    sql: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        listing = "\n  ".join(self.sql)
        return f"{self.statements} statements, {self.transactions} transactions:\n  {listing}"


@contextmanager
def counting(engine: AsyncEngine) -> Iterator[SqlCount]:
    count = SqlCount()
    sync = engine.sync_engine

    def on_begin(connection: Any) -> None:
        # storage.db sends SQLite's BEGIN straight to the driver, IMMEDIATE (taking the write
        # lock) unless the unit of work asked for a read-only transaction: counted here.
        count.transactions += 1
        count.statements += 1
        count.sql.append("BEGIN")
        count.write_transactions += not connection.get_execution_options().get(READ_ONLY_OPTION, False)

    def on_execute(connection: Any, cursor: Any, statement: str, *args: Any) -> None:
        count.statements += 1
        count.sql.append(" ".join(statement.split())[:100])

    event.listen(sync, "begin", on_begin)
    event.listen(sync, "before_cursor_execute", on_execute)
    try:
        yield count
    finally:
        event.remove(sync, "begin", on_begin)
        event.remove(sync, "before_cursor_execute", on_execute)
