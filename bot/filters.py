"""Magic filters checked on the event loop.

aiogram runs a filter that is a plain function, a bare `F` expression included, through
`asyncio.to_thread`: every update each such filter is checked against costs a hop to a worker
thread and a wake-up of the loop on the way back, far more than the attribute lookup itself.
Wrapped in `Matches`, the same expression is checked inline. tests/test_filters.py keeps every
registered filter and handler awaitable.
"""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from magic_filter import MagicFilter


class Matches(Filter):
    def __init__(self, magic: MagicFilter) -> None:
        self.magic = magic

    async def __call__(self, event: Any) -> bool:
        return bool(self.magic.resolve(event))
