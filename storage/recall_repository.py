"""Recall cards: a learner's interview follow-ups, scheduled by their own ratings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import RecallCard
from storage.repositories import upsert_for


class RecallRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_missing(self, user_id: int, cards: Sequence[tuple[str, str]], due: datetime, now: datetime) -> None:
        """Create the cards (key, lesson id) the learner does not have yet, due at `due`; one
        statement, and existing cards (with their schedule) are left as they are."""
        if not cards:
            return
        rows = [
            {"user_id": user_id, "card_key": key, "lesson_id": lesson_id, "due": due, "reviews": 0,
             "created_at": now, "updated_at": now}
            for key, lesson_id in cards
        ]
        insert = upsert_for(self.session)(RecallCard).values(rows)
        await self.session.execute(insert.on_conflict_do_nothing(index_elements=["user_id", "card_key"]))

    async def live(self, user_id: int) -> list[RecallCard]:
        rows = await self.session.scalars(
            select(RecallCard).where(RecallCard.user_id == user_id, RecallCard.retired_at.is_(None))
        )
        return list(rows)

    async def get(self, user_id: int, key: str) -> RecallCard | None:
        return await self.session.get(RecallCard, (user_id, key))

    async def retire_all_except(self, live_keys: Sequence[str], now: datetime) -> int:
        result = await self.session.execute(
            update(RecallCard)
            .where(RecallCard.retired_at.is_(None), RecallCard.card_key.not_in(list(live_keys)))
            .values(retired_at=now)
        )
        return result.rowcount or 0  # type: ignore[attr-defined]
