"""When the database refuses writes (a read-only file or file system, a full disk), and how the bot
gets back on its feet without a restart once it accepts them again.

SQLite reports these as OperationalError with a recognisable message; a connection that hit one
can stay broken, so the pool is emptied (at most every few seconds) and the next transaction
opens a fresh connection. PostgreSQL reports a full disk or a read-only server the same way.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger(__name__)
REFUSALS = (
    "readonly database", "read-only", "read only", "disk is full", "disk i/o error",
    "unable to open database file", "no space left", "could not extend file",
)
DISPOSE_EVERY = 5.0  # seconds: recover quickly, without reconnecting on every failing update

_last_disposed: dict[int, float] = {}


def refuses_writes(exc: BaseException) -> bool:
    """True for the errors of a database that cannot write now (not for a bug in a statement)."""
    if not isinstance(exc, OperationalError | DBAPIError):
        return False
    text = str(exc).lower()
    return any(refusal in text for refusal in REFUSALS)


def first_line(exc: BaseException) -> str:
    return str(getattr(exc, "orig", None) or exc).splitlines()[0][:200]


async def recover(engine: AsyncEngine | Any) -> None:
    """Drop pooled connections (rate-limited), so the next transaction starts on a fresh one."""
    now = time.monotonic()
    if now - _last_disposed.get(id(engine), 0.0) < DISPOSE_EVERY:
        return
    _last_disposed[id(engine)] = now
    await engine.dispose()


class QuietRefusals:
    """For background jobs (the push tick, the expiry sweep): while the database refuses writes,
    one warning line per `every` seconds instead of a traceback at every attempt."""

    def __init__(self, job: str, every: float = 60.0) -> None:
        self.job = job
        self.every = every
        self._last = float("-inf")

    def report(self, exc: BaseException) -> None:
        now = time.monotonic()
        if now - self._last >= self.every:
            self._last = now
            log.warning("%s skipped: the database refuses writes (%s)", self.job, first_line(exc))
