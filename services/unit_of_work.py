"""Each service call is one short transaction.

SQLite transactions here start with BEGIN IMMEDIATE (they take the write lock up front), so a
transaction must never stay open while a handler talks to Telegram: every public service method
commits when it returns and rolls back when it raises.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar

from storage.db import write_gate

P = ParamSpec("P")
R = TypeVar("R")


def unit_of_work(method: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    @functools.wraps(method)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        service: Any = args[0]
        async with write_gate(service.session):
            try:
                result = await method(*args, **kwargs)
            except BaseException:
                await service.session.rollback()
                raise
            await service.session.commit()
        return result

    return wrapper
