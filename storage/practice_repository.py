"""Read-side queries over drill and estimate attempts."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import EstimateAttempt


class PracticeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def estimate_record(self, user_id: int) -> tuple[set[str], set[str]]:
        """(ids solved, ids attempted)."""
        rows = await self.session.execute(
            select(EstimateAttempt.estimate_id, EstimateAttempt.correct).where(EstimateAttempt.user_id == user_id)
        )
        attempted: set[str] = set()
        solved: set[str] = set()
        for estimate_id, correct in rows.all():
            attempted.add(estimate_id)
            if correct:
                solved.add(estimate_id)
        return solved, attempted
