"""The bookkeeping every update from a learner owes, written at most every few minutes.

A learner who writes is here: they exist from their first update on, their name and language are
refreshed, pushes are no longer being ignored (the auto-pause counter resets), and one who had
blocked the bot is reachable again. Writing that on every update would cost a transaction and
the write lock per tap, so a process remembers who it recorded in the last PRESENCE_INTERVAL
and skips them. The record is folded into the update's own write transaction when it has one,
and otherwise written after the reply, where a failure cannot block a read-only answer.

Sending a push forgets the learner here (see PushService), so the next tap resets the ignored
count at once. With several instances, a push from another instance is noticed at the next
record, at most PRESENCE_INTERVAL later.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from services.reminders import reschedule
from storage.repositories import UserRepository

PRESENCE_INTERVAL = timedelta(minutes=5)
REMEMBERED = 100_000  # learners; the oldest are forgotten first, which only costs a write


@dataclass(frozen=True, slots=True)
class Visitor:
    user_id: int
    first_name: str
    language_code: str | None


class Presence:
    """Process-wide: which learners were recorded recently (bounded, oldest forgotten first)."""

    def __init__(self, interval: timedelta = PRESENCE_INTERVAL, remembered: int = REMEMBERED) -> None:
        self.interval = interval
        self.remembered = remembered
        self._recorded: OrderedDict[int, tuple[datetime, str, str | None]] = OrderedDict()

    def is_due(self, visitor: Visitor, now: datetime) -> bool:
        seen = self._recorded.get(visitor.user_id)
        if seen is None:
            return True
        at, name, language = seen
        # Some updates carry no language (Telegram omits it when the client has none set, and not
        # every client fills it on every kind of update): only a new value is a change.
        changed_language = visitor.language_code is not None and visitor.language_code != language
        return now - at >= self.interval or name != visitor.first_name or changed_language

    def remember(self, visitor: Visitor, now: datetime) -> None:
        known = self._recorded.get(visitor.user_id)
        language = visitor.language_code or (known[2] if known else None)
        self._recorded[visitor.user_id] = (now, visitor.first_name, language)
        self._recorded.move_to_end(visitor.user_id)
        while len(self._recorded) > self.remembered:
            self._recorded.popitem(last=False)

    def forget(self, user_id: int) -> None:
        self._recorded.pop(user_id, None)

    def __len__(self) -> int:
        return len(self._recorded)


async def record_visit(session: AsyncSession, visitor: Visitor, now: datetime) -> None:
    """Inside a write transaction: create or refresh the learner in one statement."""
    user = await UserRepository(session).touch(visitor.user_id, visitor.first_name, visitor.language_code, now)
    if not user.is_active:  # they had blocked the bot and are back
        user.is_active = True
        reschedule(user, now)
