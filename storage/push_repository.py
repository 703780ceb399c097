"""Queries for the daily push: who is due, and the deliveries table."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ActivityDay, Delivery, User

DAILY = "daily"


class PushRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def due_user_ids(self, now: datetime, limit: int) -> list[int]:
        rows = await self.session.scalars(
            select(User.id)
            .where(User.next_push_at <= now, User.is_active.is_(True), User.reminders_on.is_(True))
            .order_by(User.next_push_at)
            .limit(limit)
        )
        return list(rows)

    async def delivery(self, user_id: int, local_date: date, kind: str = DAILY) -> Delivery | None:
        return await self.session.get(Delivery, (user_id, local_date, kind))

    async def claim(self, user_id: int, local_date: date, now: datetime, kind: str = DAILY,
                    status: str = "claimed") -> Delivery:
        row = Delivery(user_id=user_id, local_date=local_date, kind=kind, status=status, attempts=0,
                       claimed_at=now, finished_at=None if status == "claimed" else now)
        self.session.add(row)
        await self.session.flush()
        return row

    async def release_stale(self, older_than: datetime) -> int:
        """Forget claims whose sender died: the push becomes due again (same local day only)."""
        result = await self.session.execute(
            delete(Delivery).where(Delivery.status == "claimed", Delivery.claimed_at < older_than)
        )
        return result.rowcount or 0  # type: ignore[attr-defined]

    async def active_on(self, user_id: int, day: date) -> bool:
        return await self.session.get(ActivityDay, (user_id, day)) is not None

    async def count_by_status(self, local_date: date) -> dict[str, int]:
        rows = await self.session.execute(
            select(Delivery.status, func.count()).where(Delivery.local_date == local_date).group_by(Delivery.status)
        )
        return {status: count for status, count in rows.all()}
