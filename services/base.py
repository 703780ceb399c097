"""What every per-update service holds: the session of this update, the course and the clock."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from content import Course
from domain.clock import Clock, SystemClock


class Service:
    def __init__(self, session: AsyncSession, course: Course, clock: Clock | None = None) -> None:
        self.session = session
        self.course = course
        self.clock = clock or SystemClock()
