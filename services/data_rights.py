"""A learner's rights over their data: a copy of all of it (/export), or none of it kept (/forget)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from services import export_format
from services.base import Service
from services.unit_of_work import UnitOfWork, reads, writes
from storage.repositories import UserRepository
from storage.user_data import UserDataRepository


@dataclass(frozen=True, slots=True)
class Export:
    document: dict[str, Any]

    @property
    def answers(self) -> int:
        return sum(len(quiz["answers"]) for quiz in self.document["quizzes"])

    def json_bytes(self) -> bytes:
        return export_format.to_json(self.document)

    def answers_csv(self) -> bytes:
        return export_format.answers_csv(self.document)


class DataRightsService(Service):
    @reads
    async def export(self, user_id: int) -> Export:
        rows = await UserDataRepository(self.session).load(user_id)
        return Export(export_format.build(rows, self.course, self.clock.now()))

    @writes
    async def forget(self, user_id: int, once_erased: Callable[[], None] | None = None) -> dict[str, int]:
        """Delete every row of the learner in this one transaction; the rows deleted per table.
        Their scheduled pushes go with their user row (the push tick selects users by next_push_at).
        `once_erased` runs after the commit (a rollback keeps everything, and runs nothing)."""
        await UserRepository(self.session).lock(user_id)  # a tap in flight on another instance waits
        deleted = await UserDataRepository(self.session).erase(user_id)
        if once_erased is not None:
            UnitOfWork.of(self.session).after_commit(once_erased)
        return deleted
