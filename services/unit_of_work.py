"""One update, one short transaction.

Services mark each public method `@reads` or `@writes`. The first call opens the transaction of
that kind and later calls in the same update join it, so an update whose service calls all run
before its reply costs one transaction. The transaction never stays open while the bot talks to
Telegram: the bot's request middleware (bot.middlewares.CommitBeforeSending) commits the update's
unit of work before every API call, and the update middleware commits what is left when the
handler returns. An exception rolls the whole unit back: an update applies entirely or not at all.

On SQLite a read transaction is a plain deferred BEGIN (WAL readers never wait for the writer)
and takes no write gate; a write transaction starts with BEGIN IMMEDIATE behind the process-wide
write gate (storage.db). A read transaction that is followed by a write in the same update is
committed first and a write transaction begun (a read snapshot cannot safely become a writer), so
use cases that write should do their reading inside the write method.

Outside an update (tests, the terminal chat's start-up, background jobs without an explicit
unit), a session gets a unit that commits at the end of each outermost service call, as before.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import READ_ONLY_OPTION, write_gate

P = ParamSpec("P")
R = TypeVar("R")

_INFO_KEY = "unit_of_work"
# The unit of the update being handled in this task, for the commit before each Telegram call.
current_unit: ContextVar[UnitOfWork | None] = ContextVar("current_unit", default=None)

Hook = Callable[["UnitOfWork"], Awaitable[None]]


class UnitOfWork:
    def __init__(self, session: AsyncSession, per_call: bool = True) -> None:
        self.session = session
        self.per_call = per_call  # commit when each outermost service call returns
        self.writing: bool | None = None  # None: no transaction open
        self.transactions = 0  # begun so far, for tests and metrics
        self._gate: contextlib.AbstractAsyncContextManager[None] | None = None
        self._depth = 0
        # Runs right after a write transaction begins (the update's learner bookkeeping).
        self.on_write_begin: Hook | None = None
        # Run once the open transaction has committed; dropped when it rolls back.
        self._after_commit: list[Callable[[], None]] = []
        session.info[_INFO_KEY] = self

    @classmethod
    def of(cls, session: AsyncSession) -> UnitOfWork:
        unit = session.info.get(_INFO_KEY)
        return unit if isinstance(unit, UnitOfWork) else cls(session)

    @property
    def in_transaction(self) -> bool:
        return self.writing is not None

    async def begin(self, write: bool) -> None:
        if self.writing or (self.writing is False and not write):
            return  # the open transaction serves this call
        if self.writing is False:
            await self.commit()  # read -> write: end the read snapshot, then take the write lock
        if write:
            self._gate = write_gate(self.session)
            await self._gate.__aenter__()
        try:
            await self.session.connection(execution_options={READ_ONLY_OPTION: not write})
        except BaseException:
            await self._release()
            raise
        self.writing = write
        self.transactions += 1
        if write and self.on_write_begin is not None:
            try:
                await self.on_write_begin(self)
            except BaseException:
                await self.rollback()
                raise

    def after_commit(self, action: Callable[[], None]) -> None:
        self._after_commit.append(action)

    async def commit(self) -> None:
        if self.writing is None:
            return
        try:
            await self.session.commit()
        except BaseException:
            self._after_commit.clear()
            with contextlib.suppress(Exception):
                await self.session.rollback()
            raise
        finally:
            await self._release()
        actions, self._after_commit = self._after_commit, []
        for action in actions:
            action()

    async def rollback(self) -> None:
        self._after_commit.clear()
        if self.writing is None:
            return
        try:
            await self.session.rollback()
        finally:
            await self._release()

    async def _release(self) -> None:
        self.writing = None
        gate, self._gate = self._gate, None
        if gate is not None:
            await gate.__aexit__(None, None, None)

    async def run(self, write: bool, call: Callable[[], Awaitable[R]]) -> R:
        await self.begin(write)
        self._depth += 1
        try:
            result = await call()
        except BaseException:
            self._depth -= 1
            await self.rollback()
            raise
        self._depth -= 1
        if self.per_call and self._depth == 0:
            await self.commit()
        return result


def _transactional(write: bool) -> Callable[[Callable[P, Awaitable[R]]], Callable[P, Awaitable[R]]]:
    def decorate(method: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
        @functools.wraps(method)
        async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            service: Any = args[0]
            return await UnitOfWork.of(service.session).run(write, lambda: method(*args, **kwargs))

        return wrapper

    return decorate


reads = _transactional(write=False)
writes = _transactional(write=True)
